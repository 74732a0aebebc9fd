#!/usr/bin/env bash
# lab/setup.sh - prepare the host for the real-kernel lab (idempotent).
#
# Usage: lab/setup.sh [KERNEL...]   (default: every kernel in KERNELS below)
#
# Installs the host tools (QEMU, static busybox, cpio, python3) and fetches the
# Debian guest kernels into the cache (outside the repo):
#   ${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}/kernels/<name>/
# Each kernel dir holds: vmlinuz, config, modules/ (= lib/modules/<release>), release,
# package (the Debian package(s) it came from), pkg/ (the unpacked parts).
# The kernels come through apt with a private sources list and state under
# $CACHE/apt (never the system's). Work already done is skipped. Needs root (apt-get).
set -euo pipefail

CACHE=${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}
APT=(apt-get -o DPkg::Lock::Timeout=600 -q)
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, /var/cache)"

# --- host packages --------------------------------------------------------
# command -> Debian package that provides it
need=()
for pair in qemu-system-x86_64:qemu-system-x86 cpio:cpio python3:python3 \
            gzip:gzip xz:xz-utils modinfo:kmod; do
    cmd=${pair%%:*} pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
# busybox-static specifically: a dynamic busybox would not run in the initrd
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)

# apt lists: update once per setup run, only when something must be looked up
updated=0
apt_update() {
    [ "$updated" = 1 ] && return 0
    say "apt-get update"
    "${APT[@]}" update >/dev/null || die "apt-get update failed"
    updated=1
}

if [ "${#need[@]}" -gt 0 ]; then
    apt_update
    say "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends "${need[@]}" \
        >/dev/null || die "apt-get install ${need[*]} failed"
else
    say "host packages present (qemu-system-x86, busybox-static, cpio, python3, xz, kmod)"
fi

# --- guest kernels --------------------------------------------------------
# One line per kernel: cache name, then the anchored regex of the package that carries the
# image. Debian 7.x splits the image: linux-binary-unsigned-REL has only
# usr/lib/modules/REL/vmlinuz.unsigned; modules come in linux-modules-REL and modules.builtin,
# modules.order and config in linux-base-REL, fetched with it. The newest match is taken.
KERNELS=(
    "debian-5.10       linux-image-5\.10\.0-[0-9]+-amd64-unsigned"                 # bullseye(-security)
    "debian-6.1        linux-image-6\.1\.0-[0-9]+-amd64-unsigned"                  # bookworm
    "debian-6.12       linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned"            # bookworm
    "debian-6.12-deb13 linux-image-6\.12\.[0-9]+\+deb13(\.[0-9]+)?-amd64-unsigned" # trixie
    "debian-7.2        linux-binary-unsigned-7\.2\.[0-9]+\+deb14-amd64"            # sid
    "debian-7.3        linux-binary-unsigned-7\.3(\.[0-9]+)?(\+deb14)?-amd64"      # experimental (rc)
)

# apt with a private sources list, lists and archive cache under the lab cache: the system's
# apt configuration is never read for sources nor changed.
APTDIR=$CACHE/apt
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
PAPT_OPTS=(-o "Dir::Etc::sourcelist=$APTDIR/sources.list" -o Dir::Etc::sourceparts=/dev/null
           -o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache=$APTDIR/cache"
           -o APT::Architecture=amd64 -o Acquire::Languages=none -o DPkg::Lock::Timeout=600 -q)
papt_init() {
    mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
    local want
    want=$(for s in bullseye bookworm trixie; do
               echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian $s main"
               echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian-security $s-security main"
           done
           echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian sid main"
           echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian experimental main")
    if [ "$(cat "$APTDIR/sources.list" 2>/dev/null)" != "$want" ]; then
        printf '%s\n' "$want" > "$APTDIR/sources.list"
        rm -f "$APTDIR"/lists/*_Packages* "$APTDIR"/lists/*Release*
    fi
}
papt_updated=0
papt_update() {
    [ "$papt_updated" = 1 ] && return 0
    say "apt-get update (private lists: bullseye, bookworm, trixie (+security), sid, experimental)"
    apt-get "${PAPT_OPTS[@]}" update >"$APTDIR/update.log" 2>&1 \
        || { tail -5 "$APTDIR/update.log" >&2; die "apt-get update (private lists) failed, see $APTDIR/update.log"; }
    papt_updated=1
}
# names of every linux-* package the private lists serve (load_names: once per run; apt-cache
# takes seconds to read the lists)
names_cache=
load_names() { names_cache=$(apt-cache "${PAPT_OPTS[@]}" pkgnames linux- 2>/dev/null | sort -u); }
papt_names() { printf '%s\n' "$names_cache"; }

# packages_for REGEX: the newest package matching REGEX, then its companions (7.x split)
packages_for() {
    local best
    best=$(papt_names | grep -E "^$1\$" | sort -V | tail -n1)
    [ -n "$best" ] || return 1
    case $best in
        linux-binary-unsigned-*) local rel=${best#linux-binary-unsigned-}
                                 echo "$best linux-modules-$rel linux-base-$rel" ;;
        *) echo "$best" ;;
    esac
}

# unpack DEST DEB...: only what the lab uses: the image, config, modules.* and the module trees
# the initrd draws from (virtio, 9p, netfs/fscache, uio); dpkg-deb inflates the whole archive
# anyway, this saves writing some 400 MB per kernel. Patterns that match nothing are fine.
unpack() {
    local dest=$1 deb; shift
    mkdir -p "$dest"
    for deb in "$@"; do
        dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest" --wildcards './boot/*' '*/vmlinuz*' '*/config' \
            '*/modules.*' '*/kernel/fs/*' '*/kernel/net/*' '*/kernel/drivers/virtio/*' '*/kernel/drivers/uio/*' \
            2>/dev/null || true
    done
}

# a half-done fetch is removed on any exit
tmps=()
trap 'for t in "${tmps[@]}"; do rm -rf "$t"; done' EXIT

# install NAME PACKAGES DEBDIR: unpack the packages' debs from DEBDIR into a fresh kernel dir
install_kernel() {
    local name=$1 pkgs=$2 debs=$3 dir=$CACHE/kernels/$1 tmp p vmlinuz moddir release
    tmp=$(mktemp -d "$CACHE/kernels/.fetch-$name.XXXXXX")
    tmps+=("$tmp")
    for p in $pkgs; do unpack "$tmp/pkg" "$debs/${p}"_*.deb; done
    # Debian <= 13: boot/vmlinuz-REL; 7.x: usr/lib/modules/REL/vmlinuz.unsigned
    vmlinuz=$(find "$tmp/pkg/boot" "$tmp/pkg/usr/lib/modules" -maxdepth 2 -name 'vmlinuz*' 2>/dev/null | head -n1 || true)
    moddir=$(find "$tmp/pkg/lib/modules" "$tmp/pkg/usr/lib/modules" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -n1 || true)
    [ -n "$vmlinuz" ] && [ -n "$moddir" ] || die "$pkgs: no vmlinuz or lib/modules/* inside"
    [ -f "$moddir/modules.builtin" ] || die "$pkgs: no modules.builtin inside"
    release=$(basename "$moddir")
    ln -s "${vmlinuz#"$tmp"/}" "$tmp/vmlinuz"
    ln -s "${moddir#"$tmp"/}" "$tmp/modules"
    if [ -f "$moddir/config" ]; then ln -s "${moddir#"$tmp"/}/config" "$tmp/config"
    else ln -s "pkg/boot/config-$release" "$tmp/config"; fi
    echo "$release" > "$tmp/release"
    echo "$pkgs" > "$tmp/package"
    rm -rf "$dir.old"
    [ -e "$dir" ] && mv "$dir" "$dir.old"
    mv "$tmp" "$dir"
    rm -rf "$dir.old"
    say "$name: installed $pkgs ($release)"
}

mkdir -p "$CACHE/kernels" "$CACHE/initrd"
# one setup at a time; then what a killed run left behind can go
exec 8>"$CACHE/.setup.lock"
flock 8
rm -rf "$CACHE"/kernels/.fetch-*
papt_init
[ -n "$(ls "$APTDIR/lists" 2>/dev/null | grep _Packages)" ] || papt_update

want=("$@")
todo=() todo_pkgs=()
resolve() {
    todo=() todo_pkgs=()
    local line name re pkgs
    for line in "${KERNELS[@]}"; do
        read -r name re <<<"$line"
        if [ ${#want[@]} -gt 0 ] && ! printf '%s\n' "${want[@]}" | grep -qx -- "$name"; then continue; fi
        pkgs=$(packages_for "$re") || return 1
        if [ "$(cat "$CACHE/kernels/$name/package" 2>/dev/null)" = "$pkgs" ] && [ -e "$CACHE/kernels/$name/vmlinuz" ]; then
            say "$name: have $pkgs ($(cat "$CACHE/kernels/$name/release"))"
        else
            todo+=("$name") todo_pkgs+=("$pkgs")
        fi
    done
}
load_names
resolve || { papt_update; load_names; resolve; } || die "a kernel package is not served (see KERNELS in $0)"
for w in "${want[@]}"; do
    printf '%s\n' "${KERNELS[@]}" | awk '{print $1}' | grep -qx -- "$w" || die "unknown kernel $w"
done

if [ ${#todo[@]} -gt 0 ]; then
    # the .debs stay here until unpacked (a rerun after a failure does not fetch them again)
    debs=$APTDIR/debs
    mkdir -p "$debs"
    # one apt-get download for every package: the archive is fast, apt's start-up is not
    # (apt-get writes into the current directory; stale lists (404) get one update and a retry)
    say "fetching ${todo_pkgs[*]}"
    if ! (cd "$debs" && apt-get "${PAPT_OPTS[@]}" download ${todo_pkgs[*]} >"$debs/apt.log" 2>&1); then
        papt_update; load_names; resolve || die "a kernel package is not served after apt-get update"
        (cd "$debs" && apt-get "${PAPT_OPTS[@]}" download ${todo_pkgs[*]} >"$debs/apt.log" 2>&1) \
            || { tail -5 "$debs/apt.log" >&2; die "apt-get download ${todo_pkgs[*]} failed"; }
    fi
    # unpack two at a time (xz inflation is the cost; two cores)
    pids=()
    for i in "${!todo[@]}"; do
        install_kernel "${todo[$i]}" "${todo_pkgs[$i]}" "$debs" &
        pids+=($!)
        if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || die "unpacking a kernel failed"; pids=("${pids[@]:1}"); fi
    done
    for p in "${pids[@]}"; do wait "$p" || die "unpacking a kernel failed"; done
    rm -rf "$debs"
fi
say "done; cache: $CACHE"
