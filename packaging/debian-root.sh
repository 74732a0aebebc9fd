#!/usr/bin/env bash
# packaging/debian-root.sh SUITE... - a minimal Debian root per suite (bookworm, trixie) as a tarball,
# for AptInstallTest: apt, man-db and bash-completion, and no Java. Built with mmdebstrap (installed
# here when missing) from deb.debian.org, cached under ${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}/roots
# by suite and package list; a root older than 30 days is built again (the suite moves on).
# Prints one line per suite: SUITE PATH. Needs root.
set -euo pipefail
CACHE=${BARWISE_LAB_CACHE:-/var/cache/barwise-lab}/roots
INCLUDE=man-db,bash-completion
say() { printf 'debian-root: %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { say "must run as root (mmdebstrap, chroot)"; exit 1; }
[ $# -gt 0 ] || { say "usage: $0 SUITE..."; exit 2; }
if ! command -v mmdebstrap >/dev/null; then
    say "installing mmdebstrap"
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 install -y --no-install-recommends mmdebstrap >/dev/null
fi
mkdir -p "$CACHE"
exec 8>"$CACHE/.lock"
flock 8
for suite in "$@"; do
    key=$(printf '%s %s apt' "$suite" "$INCLUDE" | sha256sum | cut -c1-12)
    out=$CACHE/$suite-$key.tar
    if [ -z "$(find "$out" -mtime -30 2>/dev/null)" ]; then
        say "$suite: building (mmdebstrap --variant=apt --include=$INCLUDE)"
        mmdebstrap -q --format=tar --variant=apt --include="$INCLUDE" "$suite" "$out.tmp" http://deb.debian.org/debian \
            || { rm -f "$out.tmp"; say "$suite: mmdebstrap failed"; exit 1; }
        mv "$out.tmp" "$out"
    fi
    echo "$suite $out"
done
