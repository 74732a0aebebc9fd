#!/usr/bin/env bash
# lab/findings.sh [--out DIR] [SCENARIO...] - boot the scenarios behind the
# facts in README.md and print each guest's "probe:" lines.
# Scenarios: NAME=KERNEL[,boot.sh options]; default list below.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
outbase=$here/out/findings
if [ "${1:-}" = --out ]; then outbase=$2; shift 2; fi
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(
    "6.1-default=debian-6.1"            "6.12-default=debian-6.12"
    "6.1-lockdown=debian-6.1,--append,lockdown=integrity"
    "6.12-lockdown=debian-6.12,--append,lockdown=integrity"
    "6.1-nopat=debian-6.1,--append,nopat" "6.12-nopat=debian-6.12,--append,nopat"
    "6.1-2G=debian-6.1,--shm,2G"        "6.12-2G=debian-6.12,--shm,2G"
    "6.1-doorbell=debian-6.1,--ivshmem,doorbell"
)
work=$(mktemp -d /tmp/barwise-findings.XXXXXX)
trap 'rm -rf "$work"' EXIT
printf '#!/bin/sh\nexec /bin/sh %s/guest/probe.sh\n' "$here" > "$work/run.sh"

for s in "${scenarios[@]}"; do
    name=${s%%=*}
    IFS=, read -r -a opts <<< "${s#*=}"
    kernel=${opts[0]}
    rc=0
    "$here/boot.sh" --kernel "$kernel" "${opts[@]:1}" --run "$work/run.sh" \
        --out "$outbase/$name" --timeout 400 2>"$work/err" || rc=$?
    echo "=== $name (${opts[*]}): rc=$rc, $(cat "$outbase/$name/seconds" 2>/dev/null || echo '?') s $(cat "$work/err")"
    grep '^probe: ' "$outbase/$name/console.log" || true
done
