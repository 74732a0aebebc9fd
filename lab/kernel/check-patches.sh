#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that every patch under patches/ applies cleanly (no fuzz, no
# rejects), on its own, to the pristine Debian linux-source-6.12 tree, and
# run the tree's checkpatch.pl on it, and on the claiming driver (claim/).  Exit status non-zero if any patch
# does not apply (checkpatch findings are reported; --strict makes them
# fatal too).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STRICT=0
[ "${1:-}" = --strict ] && STRICT=1

SRC=$("$HERE/build.sh" --source | tail -1)
fail=0
for p in "$HERE"/patches/*.patch; do
	name=$(basename "$p")
	if (cd "$SRC" && git apply --check "$p"); then
		echo "applies: $name"
	else
		echo "DOES NOT APPLY: $name"
		fail=1
	fi
	if ! "$SRC/scripts/checkpatch.pl" --no-tree --strict -q "$p"; then
		echo "checkpatch findings: $name"
		[ $STRICT -eq 1 ] && fail=1
	fi
done
for f in "$HERE"/claim/*.c; do
	if ! "$SRC/scripts/checkpatch.pl" --no-tree --strict -q -f "$f"; then
		echo "checkpatch findings: claim/$(basename "$f")"
		[ $STRICT -eq 1 ] && fail=1
	fi
done
exit $fail
