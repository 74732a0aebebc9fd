#!/usr/bin/env bash
# lab/smoke.sh [--out DIR] [KERNEL...] - end-to-end check of the lab harness.
#
# Runs setup.sh, then boots each kernel (default: debian-6.1 debian-6.12) with
# a 4 MiB ivshmem-plain device whose backing file holds a host marker. In the
# guest: find the device (1af4:1110), print its resource file and nodes, mmap
# resource2 with python3 while printing the PAT entries, read the host marker,
# write a guest marker. On the host: check both markers and the PAT line.
# Prints PASS/FAIL lines and the wall time per boot; exit 0 only if all pass.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
outbase=$here/out/smoke
if [ "${1:-}" = --out ]; then outbase=$2; shift 2; fi
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(debian-6.1 debian-6.12)

"$here/setup.sh"

work=$(mktemp -d /tmp/barwise-smoke.XXXXXX)
shm=""
trap 'rm -rf "$work"; [ -z "$shm" ] || rm -f "$shm"' EXIT

# a JDK, if the host has one: the guest runs it from the shared root
jdk=$("$here/../bin/find-jdk" 2>/dev/null || true)

# the guest sees the host's root, so it runs bar.py straight from this tree
cat > "$work/guest.sh" <<GUEST
#!/bin/sh
dev=
for d in /sys/bus/pci/devices/*; do
    if [ "\$(cat \$d/vendor)" = 0x1af4 ] && [ "\$(cat \$d/device)" = 0x1110 ]; then dev=\$d; break; fi
done
[ -n "\$dev" ] || { echo "smoke: no ivshmem device"; exit 10; }
echo "smoke: device \$dev"
echo "smoke: resource file:"; cat \$dev/resource
echo "smoke: nodes:"; ls -l \$dev/ | grep resource
echo "smoke: /proc/mtrr:"; cat /proc/mtrr
python3 $here/guest/bar.py \$dev/resource2 --pat --read 0:64 --write "4096:\$GUEST_MARK" || exit \$?
if [ -n "$jdk" ]; then $jdk/bin/java -version 2>&1 | sed 's/^/smoke: java: /'; fi
GUEST

fails=0
check() { # check NAME COMMAND...: PASS if the command succeeds
    local name=$1; shift
    if "$@"; then echo "PASS $name"; else echo "FAIL $name"; fails=$((fails + 1)); fi
}
for k in "${kernels[@]}"; do
    out=$outbase/$k
    rm -rf "$out"
    shm=$(mktemp /dev/shm/barwise-smoke-XXXXXX)
    truncate -s 4M "$shm"
    host_mark="host-mark-$k-$$-$RANDOM"
    guest_mark="guest-mark-$k-$$-$RANDOM"
    printf '%s' "$host_mark" | dd of="$shm" conv=notrunc status=none
    sed "s/\\\$GUEST_MARK/$guest_mark/" "$work/guest.sh" > "$work/guest-$k.sh"
    rc=0
    "$here/boot.sh" --kernel "$k" --shm 4M --shm-file "$shm" --run "$work/guest-$k.sh" \
        --out "$out" --timeout 300 || rc=$?
    check "$k: boot and guest script (rc=$rc)" test "$rc" = 0
    log=$out/console.log
    check "$k: ivshmem device found" grep -q '^smoke: device ' "$log"
    check "$k: guest reads host marker" grep -q "^bar: read 0x0: $host_mark\$" "$log"
    got=$(dd if="$shm" bs=4096 skip=1 count=1 status=none | tr -d '\0')
    check "$k: host reads guest marker" test "$got" = "$guest_mark"
    check "$k: PAT entry uncached-minus while resource2 is mapped" \
        grep -qE '^bar: pat: PAT: \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] uncached-minus$' "$log"
    check "$k: PAT entry gone after munmap" grep -q '^bar: pat after munmap: 0 line' "$log"
    if [ -n "$jdk" ]; then
        check "$k: JDK runs in the guest ($jdk)" grep -q '^smoke: java: .*version' "$log"
    fi
    echo "TIME $k: $(cat "$out/seconds" 2>/dev/null || echo '?') s (QEMU wall time)"
    rm -f "$shm"; shm=""
done
echo "smoke: $fails failure(s); logs under $outbase"
[ "$fails" = 0 ]
