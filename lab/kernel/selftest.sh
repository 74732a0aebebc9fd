#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a lab kernel under QEMU (TCG) with an ivshmem-plain device and show
# what the kernel does with its BAR 2: resource lines, nodes, and the PAT
# memtype list while resource2 / resource2_wc / resource2_wb are mapped.
#
#   selftest.sh VARIANT|BZIMAGE [SIZE]      SIZE of the shared memory, default 4M
#   SELFTEST_APPEND="lockdown=integrity"     is added to the kernel command line
#
# Needs qemu-system-x86 busybox-static cpio gcc (installed when missing).
# Guest output goes to stdout; the exit status is QEMU's (0 after poweroff).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 stock|quirk|wb|BZIMAGE [SIZE]" >&2; exit 2; }
SIZE=${2:-4M}

for p in qemu-system-x86 busybox-static cpio gcc libc6-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -q "$p" >&2
done

if [ -f "$1" ]; then
	KERNEL=$1
else
	KERNEL=$("$HERE/build.sh" "$1" | tail -1)
fi

TMP=$(mktemp -d /tmp/barwise-selftest.XXXXXX)
SHM=/dev/shm/barwise-selftest-$$
trap 'rm -rf "$TMP" "$SHM"' EXIT

mkdir -p "$TMP/root/bin" "$TMP/root/proc" "$TMP/root/sys" "$TMP/root/dev"
cp /bin/busybox "$TMP/root/bin/busybox"
ln -s busybox "$TMP/root/bin/sh"
gcc -static -O2 -Wall -o "$TMP/root/bin/barmap" "$HERE/selftest/barmap.c"
install -m 0755 "$HERE/selftest/init" "$TMP/root/init"
(cd "$TMP/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$TMP/initrd.gz"

truncate -s "$SIZE" "$SHM"
printf 'host-wrote-this!' | dd of="$SHM" conv=notrunc status=none

rc=0
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -m 2048 -smp 2 \
	-nographic -no-reboot -vga none -nic none \
	-kernel "$KERNEL" -initrd "$TMP/initrd.gz" \
	-append "console=ttyS0 panic=-1 loglevel=4 ${SELFTEST_APPEND:-}" \
	-object memory-backend-file,id=hostmem,share=on,mem-path="$SHM",size="$SIZE" \
	-device ivshmem-plain,memdev=hostmem || rc=$?
echo "=== host: bytes 0x100.. of the shared file after the guest ran:"
dd if="$SHM" bs=1 skip=256 count=40 status=none | tr '\0' '.'
echo
exit $rc
