#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a minimal x86_64 guest kernel (Debian linux-source-6.12) for the
# barwise QEMU lab, cached by content.
#
#   build.sh stock|quirk|wb     build (or find) the kernel; the LAST line of
#                               stdout is the path of its bzImage
#   build.sh --source           unpack the pristine tree (once); the last line
#                               of stdout is its path
#
# Variants: stock = pristine tree, quirk = stock + patches/0001-*,
#           wb = stock + patches/0002-*; each with the lab's claiming driver
#           (claim/barwise_claim.c, binds only through driver_override) built in.
# Cache: ${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}
#   kernel-src/<pkgver>/            pristine tree, unpacked once
#   kernel-src/work/tree/           one hard-linked copy for all variants, the
#                                   variant's patch and claim/barwise_claim.c on
#                                   top; objects in src/obj (incremental builds)
#   ccache/                         compiler cache shared by all variants
#   kernels/<variant>-<hash>/       bzImage, .config, build-info.txt
# <hash> covers the variant, the source package version, config.fragment,
# the variant's patch, the claim driver and this script.  An existing bzImage is reused.
# Everything except the final path goes to stderr or to the build log.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}
TARBALL=/usr/src/linux-source-6.12.tar.xz
PKGS="linux-source-6.12 bc flex bison libelf-dev libssl-dev build-essential ccache lz4 xz-utils"

log() { echo "build.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	echo "usage: $0 stock|quirk|wb | --source" >&2
	exit 2
}

ensure_deps() {
	local p missing=()

	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" >&2 || {
		apt-get -o DPkg::Lock::Timeout=600 update -q >&2
		apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" >&2
	}
}

# Unpack the pristine tree once; sets SRCVER and PRISTINE.
ensure_source() {
	local tmp

	[ -f "$TARBALL" ] || die "$TARBALL missing"
	SRCVER=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	PRISTINE=$CACHE/kernel-src/$(echo "linux-source-6.12_$SRCVER" | tr -c 'A-Za-z0-9._\n-' '_')
	[ -f "$PRISTINE/.unpacked" ] && return 0
	log "unpacking $TARBALL ($SRCVER)"
	mkdir -p "$CACHE/kernel-src"
	tmp=$(mktemp -d "$CACHE/kernel-src/.unpack.XXXXXX")
	tar -C "$tmp" -xf "$TARBALL"
	rm -rf "$PRISTINE"
	mv "$tmp/linux-source-6.12" "$PRISTINE"
	rmdir "$tmp"
	touch "$PRISTINE/.unpacked"
}

# Set (or unset) every option of config.fragment in $OBJ/.config.
apply_fragment() {
	local line name val

	while IFS= read -r line; do
		if [[ $line =~ ^#\ CONFIG_([A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			"$SRC/scripts/config" --file "$OBJ/.config" --disable "${BASH_REMATCH[1]}"
		elif [[ $line =~ ^CONFIG_([A-Za-z0-9_]+)=(.*)$ ]]; then
			name=${BASH_REMATCH[1]}
			val=${BASH_REMATCH[2]}
			case $val in
			y) "$SRC/scripts/config" --file "$OBJ/.config" --enable "$name" ;;
			\"*\") val=${val#\"}; val=${val%\"}
			     "$SRC/scripts/config" --file "$OBJ/.config" --set-str "$name" "$val" ;;
			*) "$SRC/scripts/config" --file "$OBJ/.config" --set-val "$name" "$val" ;;
			esac
		fi
	done < "$HERE/config.fragment"
}

# Fail if olddefconfig overrode a line of config.fragment (unmet dependency).
check_fragment() {
	local line name bad=0

	while IFS= read -r line; do
		if [[ $line =~ ^#\ CONFIG_([A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			name=${BASH_REMATCH[1]}
			if grep -q "^CONFIG_$name=" "$OBJ/.config"; then
				log "config: CONFIG_$name is set, fragment wants it off"
				bad=1
			fi
		elif [[ $line =~ ^CONFIG_ ]]; then
			if ! grep -qxF "$line" "$OBJ/.config"; then
				log "config: '$line' did not stick"
				bad=1
			fi
		fi
	done < "$HERE/config.fragment"
	return $bad
}

VARIANT=${1:-}
[ $# -eq 1 ] || usage
case $VARIANT in
stock) PATCH= ;;
quirk) PATCH=$(ls "$HERE"/patches/0001-*.patch) ;;
wb)    PATCH=$(ls "$HERE"/patches/0002-*.patch) ;;
--source)
	ensure_deps
	ensure_source
	echo "$PRISTINE"
	exit 0 ;;
*) usage ;;
esac

ensure_deps
SRCVER=$(dpkg-query -W -f='${Version}' linux-source-6.12)
HASH=$({ echo "variant $VARIANT"; echo "linux-source-6.12 $SRCVER";
	 cat "$HERE/config.fragment" "$HERE/build.sh" "$HERE/claim/barwise_claim.c" ${PATCH:+"$PATCH"}; } |
	sha256sum | cut -c1-16)
DEST=$CACHE/kernels/$VARIANT-$HASH
if [ -f "$DEST/bzImage" ]; then
	log "cached: $VARIANT-$HASH"
	echo "$DEST/bzImage"
	exit 0
fi

mkdir -p "$CACHE"
# One build at a time: two cores, and variants share the ccache.
exec 9>"$CACHE/.build.lock"
flock 9
if [ -f "$DEST/bzImage" ]; then
	echo "$DEST/bzImage"
	exit 0
fi

ensure_source
# One tree for every variant: stock, quirk and wb differ in a patch and the release name, so
# after the first build a variant recompiles only what its patch touches (plus ccache for
# the files that go back and forth). Files a patch changed are put back from the pristine
# tree as fresh copies before the next variant's patch goes on: the new mtime makes make
# rebuild their objects.
WORK=$CACHE/kernel-src/work/tree
SRC=$WORK/src
# obj/ inside the tree makes the kernel use srctree=.., so command lines
# are the same for every variant and ccache hits across them.
OBJ=$SRC/obj
LOG=$WORK/build-$VARIANT.log

start=$(date +%s)
mkdir -p "$WORK"
: > "$LOG"
if [ "$(cat "$WORK/pristine" 2>/dev/null)" != "$PRISTINE" ]; then
	log "preparing the build tree from $PRISTINE"
	rm -rf "$SRC" "$WORK/patched" "$WORK/config-hash"
	# Hard links keep the copy cheap; every file we change is replaced, never written
	# through the link, so the pristine tree is never modified.
	cp -al "$PRISTINE" "$SRC"
	rm -f "$SRC/.unpacked"
	echo "$PRISTINE" > "$WORK/pristine"
fi
# back to pristine: what the last variant's patch changed
if [ -f "$WORK/patched" ]; then
	while IFS= read -r f; do
		if [ -e "$PRISTINE/$f" ]; then cp --remove-destination "$PRISTINE/$f" "$SRC/$f"; else rm -f "$SRC/$f"; fi
	done < "$WORK/patched"
	rm -f "$WORK/patched"
fi
if [ -n "$PATCH" ]; then
	log "applying $(basename "$PATCH")"
	sed -n 's|^+++ b/||p' "$PATCH" > "$WORK/patched"
	patch -d "$SRC" -p1 -F0 -s --no-backup-if-mismatch < "$PATCH"
fi
# every variant has the lab's claiming driver built in (claim/barwise_claim.c); copied only
# when it changed, so it is not recompiled per variant
if ! cmp -s "$HERE/claim/barwise_claim.c" "$SRC/drivers/misc/barwise_claim.c"; then
	cp "$HERE/claim/barwise_claim.c" "$SRC/drivers/misc/barwise_claim.c"
fi
if ! grep -q '^obj-y += barwise_claim.o$' "$SRC/drivers/misc/Makefile"; then
	cp --remove-destination "$PRISTINE/drivers/misc/Makefile" "$SRC/drivers/misc/Makefile"
	echo 'obj-y += barwise_claim.o' >> "$SRC/drivers/misc/Makefile"
fi
mkdir -p "$OBJ"

export ARCH=x86_64
export CCACHE_DIR=$CACHE/ccache
export CCACHE_BASEDIR=$CACHE/kernel-src
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export KBUILD_BUILD_USER=barwise KBUILD_BUILD_HOST=lab
export KBUILD_BUILD_TIMESTAMP="1970-01-01 00:00:00 UTC"
# The variant goes into the release (uname -r) through the LOCALVERSION
# make variable, not CONFIG_LOCALVERSION: that would end up in autoconf.h,
# which every file includes, and no object would be shared between variants.
MAKE=(make -C "$SRC" O=obj ARCH=x86_64 "CC=ccache gcc" "HOSTCC=ccache gcc"
      "LOCALVERSION=-barwise-$VARIANT")

# the configuration is the same for every variant: made once per fragment and script
CONFHASH=$(cat "$HERE/config.fragment" "$HERE/build.sh" | sha256sum | cut -c1-16)
if [ "$(cat "$WORK/config-hash" 2>/dev/null)" != "$CONFHASH" ] || [ ! -f "$OBJ/.config" ]; then
	log "configuring (tinyconfig + config.fragment)"
	{
		"${MAKE[@]}" tinyconfig
		apply_fragment
		"${MAKE[@]}" olddefconfig
		apply_fragment
		"${MAKE[@]}" olddefconfig
	} > "$LOG" 2>&1 || { tail -30 "$LOG" >&2; die "configuration failed, see $LOG"; }
	check_fragment || die "config.fragment not satisfied, see $OBJ/.config"
	echo "$CONFHASH" > "$WORK/config-hash"
fi

log "building bzImage (log: $LOG)"
"${MAKE[@]}" -j"$(nproc)" bzImage >> "$LOG" 2>&1 ||
	{ tail -40 "$LOG" >&2; die "build failed, see $LOG"; }
end=$(date +%s)

mkdir -p "$DEST.tmp"
cp "$OBJ/arch/x86/boot/bzImage" "$DEST.tmp/bzImage"
cp "$OBJ/.config" "$DEST.tmp/config"
{
	echo "variant: $VARIANT"
	echo "source: linux-source-6.12 $SRCVER"
	echo "kernelrelease: $("${MAKE[@]}" -s kernelrelease 2>/dev/null)"
	echo "patch: ${PATCH:+$(basename "$PATCH")}"
	echo "build seconds: $((end - start))"
	echo "ccache: $(ccache -s 2>/dev/null | grep -iE 'hits' | head -1 | tr -s ' ')"
} > "$DEST.tmp/build-info.txt"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
log "built $VARIANT-$HASH in $((end - start)) s"
echo "$DEST/bzImage"
