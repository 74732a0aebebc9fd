#!/usr/bin/env python3
"""Asks a running `barwise serve` how to map the BARs of a scenario, with Python's standard library only.

    barwise serve --socket /run/barwise/barwise.sock &
    examples/serve-client.py --socket /run/barwise/barwise.sock examples/ivshmem-plain.yaml

or over loopback TCP with a bearer token:

    barwise serve --listen 127.0.0.1:8181 --token-file token &
    examples/serve-client.py --url http://127.0.0.1:8181 --token-file token examples/ivshmem-plain.yaml

Prints one line per request and exits 0 when every request would be mapped, 2 when one is refused or
denied, 3 when barwise says the scenario is invalid (its diagnostics name the line and field).
"""
import argparse
import http.client
import json
import socket
import sys
import urllib.parse


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a Unix domain socket (barwise serve's default)."""

    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--socket", help="the Unix socket barwise serve listens on")
    where.add_argument("--url", help="http://127.0.0.1:PORT for a server started with --listen")
    p.add_argument("--token-file", help="the bearer token file (with --url)")
    p.add_argument("scenario", help="a scenario file (YAML or JSON)")
    a = p.parse_args()

    headers = {"Content-Type": "application/yaml"}
    if a.socket:
        conn = UnixHTTPConnection(a.socket)
    else:
        u = urllib.parse.urlsplit(a.url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        if a.token_file:
            with open(a.token_file) as f:
                headers["Authorization"] = "Bearer " + f.read().strip()
    with open(a.scenario, "rb") as f:
        body = f.read()
    conn.request("POST", "/v1/decide", body=body, headers=headers)
    resp = conn.getresponse()
    doc = json.loads(resp.read())
    if resp.status != 200:
        print("barwise: %s" % doc["message"], file=sys.stderr)
        for d in doc.get("diagnostics", []):
            print("  %s:%d:%d %s: %s" % (d["file"], d["line"], d["col"], d["field"] or "", d["message"]), file=sys.stderr)
        return 3 if resp.status == 400 else 1
    assert doc["apiVersion"] == "barwise.io/v1" and doc["kind"] == "EvalReport", doc.get("kind")
    for d in doc["scenarios"][0]["decisions"]:
        r = d["request"]
        verdict = d["outcome"] if d["errno"] is None else "%s %s" % (d["outcome"], d["errno"])
        extra = ""
        if d["intent"] is not None:
            extra = "  intent %s%s" % (d["intent"], ", degraded" if d["degraded"] else "")
        print("#%d %s BAR%d -> %s %s effective %s%s" % (r["id"], r["device"], r["bar"], d["node"], verdict, d["effective"], extra))
    return 0 if doc["granted"] else 2


if __name__ == "__main__":
    sys.exit(main())
