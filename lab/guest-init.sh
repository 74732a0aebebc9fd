#!/bin/busybox sh
# lab/guest-init.sh - the guest's /init (busybox sh, PID 1), packed by mkinitrd.sh.
#
# Mounts the host's root (9p tag "hostroot", read-only), prepares it as a
# chroot (proc, sysfs, devtmpfs, debugfs, securityfs, tmpfs /tmp and /run),
# mounts the control share (tag "labctl": run script + env) and the writable
# output share (tag "labout") under /run/lab, runs the script chrooted, stores
# its exit code in $LAB_OUT/rc and on the console ("LAB-RC: N"), powers off.
# Lines starting with "lab-init: ERROR" tell the host why no rc came back.

/bin/busybox --install -s /bin
export PATH=/bin

fail() {
    echo "lab-init: ERROR: $*"
    sync
    poweroff -f; reboot -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "lab-init: up after $(cut -d' ' -f1 /proc/uptime) s, kernel $(uname -r)"

# Debian kernels: load virtio/9p modules (order computed on the host).
# Custom kernels have them built in and ship no list.
list=/lib/modules/$(uname -r)/load.list
if [ -f "$list" ]; then
    while read -r m; do
        insmod "/lib/modules/$(uname -r)/$m" || fail "insmod $m"
    done < "$list"
fi

R=/mnt/host
# cache=loose: the host root is read-only for us, so caching is safe and fast
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose hostroot $R \
    || fail "mount 9p hostroot"

mount -t proc proc $R/proc || fail "mount proc in chroot"
mount -t sysfs sysfs $R/sys || fail "mount sysfs in chroot"
mount -t devtmpfs devtmpfs $R/dev || fail "mount devtmpfs in chroot"
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs tmpfs $R/dev/shm
mount -t debugfs debugfs $R/sys/kernel/debug || fail "mount debugfs"
# securityfs only exists with CONFIG_SECURITYFS (shows the lockdown state)
[ -d $R/sys/kernel/security ] && mount -t securityfs securityfs $R/sys/kernel/security
mount -t tmpfs -o mode=1777 tmpfs $R/tmp || fail "mount tmpfs /tmp"
mount -t tmpfs -o mode=755 tmpfs $R/run || fail "mount tmpfs /run"

mkdir -p $R/run/lab/ctl $R/run/lab/out
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 labctl $R/run/lab/ctl \
    || fail "mount 9p labctl"
# no caching on the output share: the host must see every write at once
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none labout $R/run/lab/out \
    || fail "mount 9p labout"

# The tmpfs mounts above hide the host's /tmp and /run; a directory the host shares with --share
# (e.g. a checkout under /tmp) is mounted back at its own path.
if [ -f $R/run/lab/ctl/share-path ]; then
    share=$(cat $R/run/lab/ctl/share-path)
    mkdir -p "$R$share" && mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose labshare "$R$share" \
        || fail "mount 9p labshare at $share"
fi

# env: LAB_KERNEL, LAB_APPEND (shell-quoted by the host)
. $R/run/lab/ctl/env || fail "read env"
echo "lab-init: running script after $(cut -d' ' -f1 /proc/uptime) s"
echo "lab-init: ---- script output ----"
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    TERM=dumb LANG=C.UTF-8 LAB_OUT=/run/lab/out LAB_KERNEL="$LAB_KERNEL" LAB_APPEND="$LAB_APPEND" \
    chroot $R /bin/sh -c 'cd /tmp && if [ "$(head -c2 /run/lab/ctl/run)" = "#!" ]; then exec /run/lab/ctl/run; else exec /bin/sh /run/lab/ctl/run; fi'
rc=$?
echo "lab-init: ---- end of script output ----"
echo "$rc" > $R/run/lab/out/rc || echo "lab-init: ERROR: cannot write rc to the output share"
echo "LAB-RC: $rc"
echo "lab-init: done after $(cut -d' ' -f1 /proc/uptime) s"
sync
umount $R/run/lab/out
poweroff -f
reboot -f
