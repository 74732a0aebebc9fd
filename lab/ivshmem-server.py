#!/usr/bin/env python3
"""ivshmem-server.py - minimal ivshmem doorbell server for the lab.

Debian's QEMU package ships no ivshmem-server, so boot.sh falls back to this.
It speaks the client-server protocol of QEMU's docs/specs/ivshmem-spec.rst:
8-byte little-endian numbers, file descriptors passed with SCM_RIGHTS.
On connect a client gets: version 0, its id, -1 + the shm fd, then for every
other peer its id + one eventfd per vector, then its own id + its eventfds;
the other peers get the new id + eventfds; on disconnect they get the bare id.

Options follow QEMU's server: -F (foreground, always), -S socket path,
-M POSIX shm name (/dev/shm/NAME), -l size in bytes, -n vectors.
"""
import argparse, os, select, signal, socket, struct, sys

def send(conn, value, fd=None):
    socket.send_fds(conn, [struct.pack("<q", value)], [fd] if fd is not None else [])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-F", action="store_true")
    ap.add_argument("-S", required=True, dest="sock")
    ap.add_argument("-M", required=True, dest="name")
    ap.add_argument("-l", type=int, required=True, dest="size")
    ap.add_argument("-n", type=int, default=1, dest="vectors")
    a = ap.parse_args()

    shm = os.open("/dev/shm/" + a.name, os.O_RDWR | os.O_CREAT, 0o600)
    if os.fstat(shm).st_size == 0:
        os.ftruncate(shm, a.size)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(a.sock):
        os.unlink(a.sock)
    srv.bind(a.sock)
    srv.listen(8)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    peers = {}  # id -> (conn, [eventfd per vector])
    next_id = 0
    try:
        while True:
            ready, _, _ = select.select([srv] + [c for c, _ in peers.values()], [], [])
            for r in ready:
                if r is srv:
                    conn, _ = srv.accept()
                    pid, next_id = next_id, next_id + 1
                    fds = [os.eventfd(0) for _ in range(a.vectors)]
                    send(conn, 0)
                    send(conn, pid)
                    send(conn, -1, shm)
                    for other, (oconn, ofds) in peers.items():
                        for f in ofds:
                            send(conn, other, f)   # new peer learns the old ones
                        for f in fds:
                            send(oconn, pid, f)    # old peers learn the new one
                    for f in fds:
                        send(conn, pid, f)
                    peers[pid] = (conn, fds)
                    print("ivshmem-server.py: peer %d connected" % pid, flush=True)
                else:
                    if r.recv(64):
                        continue  # clients do not talk; ignore
                    pid = next(p for p, (c, _) in peers.items() if c is r)
                    conn, fds = peers.pop(pid)
                    conn.close()
                    for f in fds:
                        os.close(f)
                    for oconn, _ in peers.values():
                        send(oconn, pid)
                    print("ivshmem-server.py: peer %d gone" % pid, flush=True)
    finally:
        os.unlink(a.sock)

if __name__ == "__main__":
    main()
