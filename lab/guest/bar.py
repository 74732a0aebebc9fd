#!/usr/bin/env python3
"""bar.py - map a PCI BAR from userspace inside a lab guest and report what happened.

usage: bar.py FILE [--offset N] [--length N] [--sync] [--read OFF:LEN]...
              [--write OFF:TEXT]... [--pat] [--hold SECONDS] [--ready FILE]

FILE is a sysfs resourceN / resourceN_wc node or /dev/mem (then --offset is the
physical address and --length is required). Numbers accept 0x... . Prints
"bar: ..." lines: open/mmap result (errno name on failure), reads, the
/proc/self/maps line, and with --pat the pat_memtype_list lines overlapping
the mapping while it is held. --ready FILE is created once the mapping exists
(lets a caller start a second mapper only after this one). Exit: 0 ok, 2 open
failed, 3 mmap failed.
"""
import argparse, errno, mmap, os, re, sys, time

def num(s):
    return int(s, 0)

def say(*a):
    print("bar:", *a, flush=True)

def phys_start(path, offset):
    """Physical address the mapping starts at (for filtering PAT lines)."""
    m = re.search(r"/resource(\d+)(_wc)?$", path)
    if not m:
        return offset  # /dev/mem: the offset is the physical address
    with open(os.path.join(os.path.dirname(path), "resource")) as f:
        line = f.readlines()[int(m.group(1))]
    return int(line.split()[0], 16) + offset

def pat_lines(lo, hi):
    try:
        with open("/sys/kernel/debug/x86/pat_memtype_list") as f:
            lines = f.read().splitlines()
    except OSError as e:
        return ["pat_memtype_list unreadable: %s" % errno.errorcode.get(e.errno, e.errno)]
    out = []
    for l in lines:
        m = re.match(r"PAT: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]", l)
        if m and int(m.group(1), 16) < hi and int(m.group(2), 16) > lo:
            out.append(l)
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--offset", type=num, default=0)
    ap.add_argument("--length", type=num)
    ap.add_argument("--sync", action="store_true", help="open with O_SYNC")
    ap.add_argument("--read", action="append", default=[])
    ap.add_argument("--write", action="append", default=[])
    ap.add_argument("--pat", action="store_true")
    ap.add_argument("--hold", type=float, default=0)
    ap.add_argument("--ready")
    a = ap.parse_args()

    flags = os.O_RDWR | (os.O_SYNC if a.sync else 0)
    try:
        fd = os.open(a.file, flags)
    except OSError as e:
        say("open %s failed errno=%s" % (a.file, errno.errorcode.get(e.errno, e.errno)))
        return 2
    length = a.length if a.length is not None else os.fstat(fd).st_size
    try:
        m = mmap.mmap(fd, length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE,
                      offset=a.offset)
    except OSError as e:
        say("mmap %s offset=%#x length=%#x sync=%d failed errno=%s"
            % (a.file, a.offset, length, a.sync, errno.errorcode.get(e.errno, e.errno)))
        return 3
    say("mmap %s offset=%#x length=%#x sync=%d ok" % (a.file, a.offset, length, a.sync))
    real = os.path.realpath(a.file)  # maps shows /sys/devices/..., not /sys/bus/...
    with open("/proc/self/maps") as f:
        for l in f:
            if l.rstrip().endswith(" " + real):
                say("maps:", " ".join(l.split()))
    if a.pat:
        lo = phys_start(a.file, a.offset)
        for l in pat_lines(lo, lo + length):
            say("pat:", l)
    for w in a.write:
        off, text = w.split(":", 1)
        off = num(off)
        m[off:off + len(text)] = text.encode()
        say("wrote %#x: %s" % (off, text))
    for r in a.read:
        off, n = (num(x) for x in r.split(":", 1))
        data = m[off:off + n]
        say("read %#x: %s" % (off, data.split(b"\0", 1)[0].decode(errors="replace")))
    if a.ready:
        open(a.ready, "w").close()
    if a.hold:
        time.sleep(a.hold)
    m.close()
    os.close(fd)
    if a.pat:
        after = pat_lines(lo, lo + length)
        say("pat after munmap: %d line(s)" % len(after))
        for l in after:
            say("pat-after:", l)
    return 0

if __name__ == "__main__":
    sys.exit(main())
