#!/bin/sh
# lab/guest/probe.sh - runs inside a lab guest; prints "probe: ..." lines with
# what the kernel shows for the ivshmem device and what each mmap path gives.
# Used by lab/findings.sh; its output became the observations in README.md.
here=$(cd "$(dirname "$0")" && pwd)
bar() { python3 "$here/bar.py" "$@" | sed 's/^/probe: /'; }
p() { sed "s/^/probe: $1: /"; }

echo "probe: kernel: $(uname -r)"
echo "probe: cmdline: $(cat /proc/cmdline)"
echo "probe: lockdown: $(cat /sys/kernel/security/lockdown 2>&1)"
dmesg | grep -E 'x86/PAT|[Ll]ockdown|MTRR|mtrr' | p dmesg
p mtrr < /proc/mtrr
echo "probe: pat_memtype_list present: $([ -e /sys/kernel/debug/x86/pat_memtype_list ] && echo yes || echo no)"

dev=
for d in /sys/bus/pci/devices/*; do
    if [ "$(cat "$d/vendor")" = 0x1af4 ] && [ "$(cat "$d/device")" = 0x1110 ]; then dev=$d; break; fi
done
[ -n "$dev" ] || { echo "probe: no ivshmem device"; exit 10; }
echo "probe: device: $dev class $(cat "$dev/class") driver $(basename "$(readlink "$dev/driver" 2>/dev/null)" 2>/dev/null)"
head -n 3 "$dev/resource" | p resource
ls -l "$dev/" | grep resource | awk '{print $1, $5, $NF}' | p node
grep -E "$(basename "$dev")|PCI Bus" /proc/iomem | p iomem

set -- $(sed -n 3p "$dev/resource")
start=$(printf '%d' "$1") end=$(printf '%d' "$2")
len=$((end - start + 1))
for n in resource0 resource1 resource2 resource2_wc; do
    [ -e "$dev/$n" ] && bar "$dev/$n" --pat --read 0:16
done
bar /dev/mem --offset "$start" --length "$len" --pat --read 0:16
bar /dev/mem --offset "$start" --length "$len" --sync --pat --read 0:16
# hold FIRST-MAPPING-ARGS -- SECOND-MAPPING-ARGS: map the second while the
# first is held; PAT results depend on the order (reference section 2.4)
hold() {
    rm -f /tmp/ready
    first=""
    while [ "$1" != -- ]; do first="$first $1"; shift; done
    shift
    echo "probe: holding:$first"
    python3 "$here/bar.py" $first --ready /tmp/ready --hold 30 >/dev/null &
    holder=$!
    i=0
    while [ ! -e /tmp/ready ] && [ $i -lt 300 ] && kill -0 $holder 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
    [ -e /tmp/ready ] || echo "probe: holder failed"
    bar "$@" --pat
    kill $holder 2>/dev/null; wait $holder 2>/dev/null
}
if [ -e "$dev/resource2_wc" ]; then
    hold "$dev/resource2" -- "$dev/resource2_wc"
    hold "$dev/resource2_wc" -- "$dev/resource2"
fi
hold /dev/mem --offset "$start" --length "$len" -- "$dev/resource2"
hold /dev/mem --offset "$start" --length "$len" -- /dev/mem --offset "$start" --length "$len" --sync
[ -e "$dev/resource2_wc" ] && hold /dev/mem --offset "$start" --length "$len" -- "$dev/resource2_wc"
hold "$dev/resource2" -- /dev/mem --offset "$start" --length "$len"
dmesg | tail -n 8 | p dmesg-tail
exit 0
