#!/usr/bin/env bash
# lab/setup.sh - prepare the host for the real-kernel lab (idempotent).
#
# Installs the host tools (QEMU, static busybox, cpio, python3) and fetches the
# Debian guest kernels into the cache (outside the repo):
#   ${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}/kernels/debian-6.1/
#   ${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}/kernels/debian-6.12/
# Each kernel dir holds: vmlinuz, modules/ (= lib/modules/<release>), release,
# package (the Debian package it came from), pkg/ (the unpacked package).
# Work already done is skipped. Needs root (apt-get).
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

# a half-done fetch is removed on any exit
tmp=
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT

# --- guest kernels --------------------------------------------------------
# newest_pkg REGEX: newest package (by version sort) whose name matches REGEX
# (anchored), preferring the '-unsigned' build of that version when served.
newest_pkg() {
    local re=$1 names
    names=$(apt-cache search --names-only "^linux-image-6" | awk '{print $1}' | grep -E "^${re}(-unsigned)?\$" || true)
    [ -n "$names" ] || return 1
    local best
    best=$(printf '%s\n' "$names" | sed 's/-unsigned$//' | sort -uV | tail -n1)
    if printf '%s\n' "$names" | grep -qx -- "${best}-unsigned"; then
        echo "${best}-unsigned"
    else
        echo "$best"
    fi
}

# fetch_kernel NAME REGEX
fetch_kernel() {
    local name=$1 re=$2 dir="$CACHE/kernels/$1" pkg
    pkg=$(newest_pkg "$re") || { apt_update; pkg=$(newest_pkg "$re"); } \
        || die "no package matching ^$re served (apt-cache search --names-only '^linux-image-6')"
    if [ -f "$dir/package" ] && [ "$(cat "$dir/package")" = "$pkg" ] && [ -e "$dir/vmlinuz" ]; then
        say "$name: have $pkg ($(cat "$dir/release")) in $dir"
        return 0
    fi
    say "$name: fetching $pkg"
    tmp=$(mktemp -d "$CACHE/kernels/.fetch-$name.XXXXXX")
    # apt-get download writes into the current directory
    if ! (cd "$tmp" && "${APT[@]}" download "$pkg" >/dev/null 2>"$tmp/apt.err"); then
        apt_update
        (cd "$tmp" && "${APT[@]}" download "$pkg" >/dev/null 2>"$tmp/apt.err") \
            || { cat "$tmp/apt.err" >&2; die "apt-get download $pkg failed"; }
    fi
    dpkg -x "$tmp"/*.deb "$tmp/pkg" || { die "dpkg -x of $pkg failed"; }
    rm -f "$tmp"/*.deb "$tmp/apt.err"
    # Debian 12 kernel packages put modules in /lib/modules (usrmerge may move them)
    local vmlinuz moddir release
    vmlinuz=$(find "$tmp/pkg/boot" -maxdepth 1 -name 'vmlinuz-*' 2>/dev/null | head -n1)
    moddir=$(find "$tmp/pkg/lib/modules" "$tmp/pkg/usr/lib/modules" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -n1 || true)
    [ -n "$vmlinuz" ] && [ -n "$moddir" ] || { die "$pkg: no boot/vmlinuz-* or lib/modules/* inside"; }
    release=$(basename "$moddir")
    ln -s "${vmlinuz#"$tmp"/}" "$tmp/vmlinuz"
    ln -s "${moddir#"$tmp"/}" "$tmp/modules"
    echo "$release" > "$tmp/release"
    echo "$pkg" > "$tmp/package"
    # swap in atomically-ish: old dir out, new dir in
    rm -rf "$dir.old"
    [ -e "$dir" ] && mv "$dir" "$dir.old"
    mv "$tmp" "$dir"
    tmp=
    rm -rf "$dir.old"
    say "$name: installed $pkg ($release) in $dir"
}

mkdir -p "$CACHE/kernels" "$CACHE/initrd"
fetch_kernel debian-6.1  'linux-image-6\.1\.0-[0-9]+-amd64'
fetch_kernel debian-6.12 'linux-image-6\.12\.[0-9]+\+deb12-amd64'
say "done; cache: $CACHE"
