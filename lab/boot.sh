#!/usr/bin/env bash
# lab/boot.sh - boot one Linux guest (QEMU/TCG) with an ivshmem device and run
# one script inside it, chrooted into the host's root filesystem.
#
# Usage: lab/boot.sh --run SCRIPT --out DIR [options]
#   --kernel NAME|PATH  debian-6.1 (default), or another kernel lab/setup.sh fetched
#                       (debian-5.10, debian-6.12, debian-6.12-deb13, debian-7.2,
#                       debian-7.3), or a path to a bzImage with virtio-pci/9p/debugfs
#                       built in
#   --append "ARGS"     extra kernel command line (nopat, lockdown=integrity, ...)
#   --shm SIZE[,SIZE...]  ivshmem size, power of two, K/M/G suffixes (default 4M);
#                       a list gives one guest several ivshmem-plain devices (e.g.
#                       4M,2G: one BAR under the uncachable MTRR, one above 4 GiB)
#   --shm-file PATH[,PATH...]  host backing file per device (default: fresh files
#                       under /dev/shm, removed afterwards unless --keep-shm); created
#                       with SIZE if missing or empty, else its size must equal SIZE
#   --keep-shm          keep the default backing files (their paths are printed)
#   --ivshmem plain|doorbell   device variant (default plain); doorbell (one device
#                       only) needs an ivshmem server (QEMU's ivshmem-server, else
#                       lab/ivshmem-server.py)
#   --nic               add an e1000 NIC without a network (no driver binds it): a
#                       device with an I/O BAR (BAR1) and a 32-bit memory BAR
#   --run SCRIPT        script run in the guest (shebang honoured, else /bin/sh)
#   --share DIR         a host directory the guest needs at its own path although the
#                       guest's tmpfs /tmp or /run would hide it (e.g. a checkout in /tmp)
#   --out DIR           host dir (created): console.log, rc, qemu.log, and
#                       whatever the script writes to $LAB_OUT
#   --timeout SECONDS   kill QEMU after this long (default 300)
#   --memory SIZE       guest RAM (default 2048M)
#   --verbose           also copy the console to stderr while it runs
#
# In the guest the script sees: the host's / (read-only 9p), proc, sysfs,
# devtmpfs, /sys/kernel/debug, /sys/kernel/security (if the kernel has it),
# tmpfs /tmp, /run, /dev/shm; environment LAB_OUT (writable share of --out),
# LAB_KERNEL, LAB_APPEND. Its output goes to the console log.
#
# Exit code: the script's exit code; 125 on harness failure (bad arguments,
# QEMU failed, timeout, no rc), with a one-line reason on stderr.
# Environment: BARWISE_LAB_CACHE (default /var/cache/barwise-lab).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}

fail() { printf 'boot.sh: %s\n' "$*" >&2; exit 125; }

kernel=debian-6.1 append="" shm=4M shm_file="" keep_shm=0 variant=plain nic=0
run="" out="" timeout=300 memory=2048M verbose=0 share=""
while [ $# -gt 0 ]; do
    case $1 in
        --kernel)   kernel=${2?}; shift 2 ;;
        --append)   append=${2?}; shift 2 ;;
        --shm)      shm=${2?}; shift 2 ;;
        --shm-file) shm_file=${2?}; shift 2 ;;
        --keep-shm) keep_shm=1; shift ;;
        --nic)      nic=1; shift ;;
        --ivshmem)  variant=${2?}; shift 2 ;;
        --run)      run=${2?}; shift 2 ;;
        --share)    share=${2?}; shift 2 ;;
        --out)      out=${2?}; shift 2 ;;
        --timeout)  timeout=${2?}; shift 2 ;;
        --memory)   memory=${2?}; shift 2 ;;
        --verbose)  verbose=1; shift ;;
        -h|--help)  sed -n '2,/^set -euo/p' "$0" | sed '$d;s/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown argument: $1 (see --help)" ;;
    esac
done
[ -n "$run" ] || fail "--run SCRIPT is required"
[ -f "$run" ] || fail "--run $run: no such file"
[ -n "$out" ] || fail "--out DIR is required"
case $variant in plain|doorbell) ;; *) fail "--ivshmem must be plain or doorbell" ;; esac
[[ $timeout =~ ^[0-9]+$ ]] || fail "--timeout must be whole seconds"
IFS=, read -r -a shms <<<"$shm"
IFS=, read -r -a shm_files <<<"$shm_file"
[ ${#shm_files[@]} = 0 ] || [ ${#shm_files[@]} = ${#shms[@]} ] \
    || fail "--shm-file names ${#shm_files[@]} files for ${#shms[@]} --shm sizes"
[ "$variant" = plain ] || [ ${#shms[@]} = 1 ] || fail "--ivshmem doorbell takes one --shm size"
shm_bytes=()
for s in "${shms[@]}"; do
    b=$(numfmt --from=iec "${s%B}" 2>/dev/null) || fail "--shm $s: not a size"
    [ "$b" -gt 0 ] && [ $((b & (b - 1))) = 0 ] || fail "--shm $s: ivshmem needs a power of two"
    shm_bytes+=("$b")
done
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 missing (run lab/setup.sh)"

# --- kernel and initrd ----------------------------------------------------
case $kernel in
    */*) [ -f "$kernel" ] || fail "--kernel $kernel: no such file"
         vmlinuz=$(readlink -f "$kernel") kdir=none ;;
    *)   kdir=$CACHE/kernels/$kernel
         [ -e "$kdir/vmlinuz" ] || fail "--kernel $kernel: not in $CACHE/kernels (run lab/setup.sh)"
         vmlinuz=$kdir/vmlinuz ;;
esac
# initrd cache key: init + packer + the kernel's package (modules come from it)
key=$( { cat "$here/guest-init.sh" "$here/mkinitrd.sh"; [ "$kdir" = none ] || cat "$kdir/package"; } \
       | sha256sum | cut -c1-16)
initrd=$CACHE/initrd/${kernel//\//_}-$key.cpio.gz
[ "$kdir" = none ] && initrd=$CACHE/initrd/builtin-$key.cpio.gz
if [ ! -f "$initrd" ]; then
    mkdir -p "$CACHE/initrd"
    "$here/mkinitrd.sh" "$kdir" "$initrd" || fail "building initrd $initrd failed"
fi

# --- per-run state; everything is removed by cleanup ------------------------
mkdir -p "$out" || fail "cannot create --out $out"
out=$(cd "$out" && pwd)
rm -f "$out/rc" "$out/console.log" "$out/qemu.log" "$out/seconds"
ctl=$(mktemp -d /tmp/barwise-lab-ctl.XXXXXX)
qpid="" spid="" tpid="" own_shm=() sock=""
cleanup() {
    for p in $qpid $spid $tpid; do kill "$p" 2>/dev/null || true; done
    for p in $qpid $spid $tpid; do wait "$p" 2>/dev/null || true; done
    rm -rf "$ctl"
    for f in "${own_shm[@]}"; do
        if [ "$keep_shm" = 1 ]; then echo "boot.sh: kept $f" >&2; else rm -f "$f"; fi
    done
}
trap cleanup EXIT
trap 'fail "interrupted by a signal"' INT TERM HUP

cp "$run" "$ctl/run"
chmod 755 "$ctl/run"
printf 'LAB_KERNEL=%q\nLAB_APPEND=%q\n' "$kernel" "$append" > "$ctl/env"

for i in "${!shms[@]}"; do
    if [ -z "${shm_files[$i]:-}" ]; then
        shm_files[$i]=$(mktemp /dev/shm/barwise-lab-XXXXXX)
        own_shm+=("${shm_files[$i]}")
    fi
    cur=$(stat -c %s "${shm_files[$i]}" 2>/dev/null || echo 0)
    if [ "$cur" = 0 ]; then
        truncate -s "${shm_bytes[$i]}" "${shm_files[$i]}" || fail "cannot create ${shm_files[$i]}"
    elif [ "$cur" != "${shm_bytes[$i]}" ]; then
        fail "--shm-file ${shm_files[$i]} has $cur bytes, --shm asks for ${shm_bytes[$i]}"
    fi
done
shm_file=${shm_files[0]} shm_bytes=${shm_bytes[0]}

# --- ivshmem devices ----------------------------------------------------------
ivshmem=()
if [ "$variant" = plain ]; then
    for i in "${!shms[@]}"; do
        ivshmem+=(-object "memory-backend-file,id=ivshm$i,share=on,mem-path=${shm_files[$i]},size=${shm_bytes[$i]}")
    done
    if [ ${#shms[@]} = 1 ]; then
        ivshmem+=(-device ivshmem-plain,memdev=ivshm0)
    else
        # SeaBIOS moves every 64-bit BAR of the root bus above 4 GiB once one of them does not fit
        # below (a 2 GiB BAR never does). A bridge whose prefetchable window also holds a 32-bit
        # BAR (VGA's frame buffer) stays below 4 GiB: there the first device keeps its BAR 2 under
        # the uncachable MTRR, as it would be alone. The others sit on the root bus.
        ivshmem+=(-device pci-bridge,id=lowbr,chassis_nr=1,shpc=off,addr=0x1e -device VGA,bus=lowbr,addr=0x1
                  -device ivshmem-plain,memdev=ivshm0,bus=lowbr,addr=0x2)
        for i in "${!shms[@]}"; do
            [ "$i" = 0 ] || ivshmem+=(-device "ivshmem-plain,memdev=ivshm$i")
        done
    fi
else
    case $shm_file in /dev/shm/*) ;; *) fail "--ivshmem doorbell needs the --shm-file under /dev/shm (POSIX shm)" ;; esac
    if command -v ivshmem-server >/dev/null; then
        server=(ivshmem-server)
    elif [ -f "$here/ivshmem-server.py" ]; then
        server=(python3 "$here/ivshmem-server.py")
    else
        fail "--ivshmem doorbell: no ivshmem-server found"
    fi
    sock=$ctl/ivshmem.sock
    # same options as QEMU's ivshmem-server: foreground, socket, shm name, size, vectors
    "${server[@]}" -F -S "$sock" -M "${shm_file#/dev/shm/}" -l "$shm_bytes" -n 1 \
        > "$out/ivshmem-server.log" 2>&1 &
    spid=$!
    for _ in $(seq 200); do [ -S "$sock" ] && break; sleep 0.1; done
    [ -S "$sock" ] || fail "ivshmem server did not start (see $out/ivshmem-server.log)"
    ivshmem=(-chardev "socket,path=$sock,id=ivshsock"
             -device ivshmem-doorbell,chardev=ivshsock,vectors=1)
fi

# --- QEMU ---------------------------------------------------------------------
nicdev=()
[ "$nic" = 0 ] || nicdev=(-device e1000)
sharefs=()
if [ -n "$share" ]; then
    share=$(cd "$share" && pwd) || fail "--share $share is not a directory"
    printf '%s\n' "$share" > "$ctl/share-path"
    sharefs=(-virtfs "local,path=$share,mount_tag=labshare,security_model=none,readonly=on,multidevs=remap")
fi
: > "$out/console.log"
start=$(date +%s%N)
timeout -k 5 "$timeout" qemu-system-x86_64 \
    -accel tcg -cpu max -smp 2 -m "$memory" \
    -nodefaults -display none -no-reboot -serial "file:$out/console.log" \
    -kernel "$vmlinuz" -initrd "$initrd" \
    -append "console=ttyS0 panic=-1 quiet $append" \
    "${ivshmem[@]}" "${nicdev[@]}" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$ctl,mount_tag=labctl,security_model=none,readonly=on" \
    -virtfs "local,path=$out,mount_tag=labout,security_model=none" \
    "${sharefs[@]}" \
    > "$out/qemu.log" 2>&1 &
qpid=$!
if [ "$verbose" = 1 ]; then
    tail -n +1 -f "$out/console.log" >&2 &
    tpid=$!
fi
qrc=0
wait "$qpid" || qrc=$?
qpid=""
# wall time of the QEMU run, for timing reports
ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf '%d.%03d\n' $((ms / 1000)) $((ms % 1000)) > "$out/seconds"

# the serial console ends lines with CRLF; plain LF is easier to match
sed -i 's/\r$//' "$out/console.log"

# --- result -------------------------------------------------------------------
rc=""
[ -s "$out/rc" ] && rc=$(tr -dc 0-9 < "$out/rc")
if [ -z "$rc" ]; then
    # fall back to the console marker (output share broken?)
    rc=$(sed -n 's/^LAB-RC: \([0-9]*\).*/\1/p' "$out/console.log" | tail -n1)
    [ -z "$rc" ] || echo "$rc" > "$out/rc"
fi
if [ -z "$rc" ]; then
    if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
        fail "timeout after ${timeout}s (see $out/console.log)"
    fi
    why=$(grep -a 'lab-init: ERROR' "$out/console.log" | tail -n1 || true)
    [ -n "$why" ] || why=$(grep -a -m1 -E 'Kernel panic' "$out/console.log" || true)
    [ -n "$why" ] || why="qemu exited $qrc: $(tail -n1 "$out/qemu.log" 2>/dev/null)"
    fail "no rc from the guest: $why"
fi
exit "$rc"
