#!/usr/bin/env bash
# lab/mkinitrd.sh KERNEL_DIR|none OUTPUT.cpio.gz
#
# Packs a busybox initrd: /init = guest-init.sh, /bin/busybox (static), and,
# when KERNEL_DIR/modules exists (Debian kernels), the virtio-pci/9p modules
# (the host root) and uio_pci_generic (binds nothing until told to, see the
# lab's uio step) with their dependencies, decompressed, plus
# lib/modules/<release>/load.list (insmod order). What a kernel has built in
# (modules.builtin: virtio_pci on 7.x) is skipped. Custom kernels ("none")
# have virtio/9p built in and no modules.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kdir=$1 out=$2
die() { printf 'mkinitrd: ERROR: %s\n' "$*" >&2; exit 1; }

[ -x /bin/busybox ] || die "/bin/busybox missing (run lab/setup.sh)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,dev,proc,sys,mnt/host,tmp}
cp /bin/busybox "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$here/guest-init.sh" "$stage/init"
chmod 755 "$stage/init"
# the kernel opens /dev/console for init before devtmpfs is mounted
mknod -m 600 "$stage/dev/console" c 5 1

if [ "$kdir" != none ] && [ -d "$kdir/modules" ]; then
    release=$(cat "$kdir/release")
    mdir="$stage/lib/modules/$release"
    mkdir -p "$mdir"
    # name -> file, with '-' and '_' treated alike as the kernel does
    declare -A file_of=() done=()
    while IFS= read -r f; do
        n=$(basename "$f"); n=${n%%.ko*}; n=${n//-/_}
        file_of[$n]=$f
    done < <(find -L "$kdir/modules/kernel" -name '*.ko*')
    order=()
    # depth-first: dependencies first
    add() {
        local n=${1//-/_} d
        [ -n "${done[$n]:-}" ] && return 0
        done[$n]=1
        if [ -z "${file_of[$n]:-}" ]; then
            # built in (listed in modules.builtin) is fine, anything else is not
            grep -qE "/${n//_/[-_]}\.ko\$" "$kdir/modules/modules.builtin" \
                || die "module $n neither in $kdir/modules nor built in"
            return 0
        fi
        for d in $(modinfo -F depends "${file_of[$n]}" | tr ',' ' '); do add "$d"; done
        order+=("$n")
    }
    for m in virtio_pci 9pnet_virtio 9p uio_pci_generic; do add "$m"; done
    for n in "${order[@]}"; do
        f=${file_of[$n]}
        case $f in
            *.ko.xz)  xz -dc "$f"   > "$mdir/$n.ko" ;;
            *.ko.zst) zstd -qdc "$f" > "$mdir/$n.ko" ;;
            *.ko.gz)  gzip -dc "$f" > "$mdir/$n.ko" ;;
            *)        cp "$f" "$mdir/$n.ko" ;;
        esac
        echo "$n.ko" >> "$mdir/load.list"
    done
fi

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out.tmp.$$"
mv "$out.tmp.$$" "$out"  # atomic: parallel boots may build the same initrd
