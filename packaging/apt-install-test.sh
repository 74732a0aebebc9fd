#!/usr/bin/env bash
# packaging/apt-install-test.sh ROOT_TAR DEB - the Debian package on a real Debian root (from
# packaging/debian-root.sh: apt, man-db, bash-completion, no Java): apt install ./DEB, barwise runs
# with an empty environment, `man barwise-map` and tab completion work, a local edit of the policy
# survives an upgrade, apt remove keeps the policy (a conffile) and apt purge removes it.
# Prints "ok: ..." per check and exits 1 at the first "FAIL: ...". Needs root; every mount is made
# in a private mount namespace and goes with it.
set -euo pipefail
[ $# = 2 ] || { echo "usage: $0 ROOT_TAR DEB" >&2; exit 2; }
if [ -z "${BARWISE_IN_NS:-}" ]; then
    BARWISE_IN_NS=1 exec unshare -m --propagation private "$0" "$@"
fi
root_tar=$(readlink -f "$1") deb=$(readlink -f "$2")
# the root lives in a tmpfs of its own: cleaning up is one umount, never an rm that could reach
# through the bind-mounted /dev
r=$(mktemp -d /var/tmp/barwise-apt-root.XXXXXX)
mount -t tmpfs -o size=4g,mode=0755 none "$r"
trap 'cd /; umount -R "$r" || umount -R -l "$r"; rmdir "$r"' EXIT
tar -C "$r" -xf "$root_tar"
mount -t proc proc "$r/proc"
mount --bind /dev "$r/dev"
mount -t tmpfs none "$r/tmp"
# as a user would: apt on a root that has no Java at all
inroot() { chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb DEBIAN_FRONTEND=noninteractive "$@"; }
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; exit 1; }
suite=$(inroot sh -c '. /etc/os-release; echo "$PRETTY_NAME"')
echo "root: $suite"
inroot sh -c 'command -v java || ls -d /usr/lib/jvm' >/dev/null 2>&1 && fail "the root has a Java"
ok "no Java in the root"

cp "$deb" "$r/tmp/barwise.deb"
inroot apt-get -q install -y /tmp/barwise.deb > "$r/tmp/install.log" 2>&1 || { cat "$r/tmp/install.log"; fail "apt install ./$(basename "$deb")"; }
ok "apt install ./$(basename "$deb")"
[ "$(inroot readlink -f /usr/bin/barwise)" = /usr/lib/barwise/bin/barwise ] || fail "/usr/bin/barwise is not the package's"
inroot barwise --version | grep -q '^kernels modelled: Linux' || fail "barwise --version"
ok "barwise --version: $(inroot barwise --version | head -1)"
out=$(inroot barwise eval /usr/share/doc/barwise/examples/ivshmem-plain.yaml) || fail "barwise eval exited $?: $out"
grep -q '^policy: /etc/barwise/policies' <<<"$out" || fail "eval did not use /etc/barwise/policies: $out"
grep -q 'resource2_wc  mapped' <<<"$out" || fail "eval: $out"
ok "barwise eval with /etc/barwise/policies"

[ "$(inroot man -w barwise-map)" = /usr/share/man/man1/barwise-map.1.gz ] || fail "man -w barwise-map"
inroot sh -c 'MANPAGER=cat MANWIDTH=80 man barwise-map 2>/dev/null' | grep -q 'barwise-map - ' || fail "man barwise-map has no NAME line"
ok "man barwise-map"
words=$(inroot bash -c '. /usr/share/bash-completion/bash_completion; __load_completion barwise || exit 1
    COMP_WORDS=(barwise ma); COMP_CWORD=1; COMP_LINE="barwise ma"; COMP_POINT=10; _complete_barwise 2>/dev/null
    echo "${COMPREPLY[*]}"; COMP_WORDS=(barwise map --veri); COMP_CWORD=2; COMP_LINE="barwise map --veri"; COMP_POINT=18
    _complete_barwise 2>/dev/null; echo "${COMPREPLY[*]}"') || fail "bash completion did not load"
[ "$words" = "$(printf 'map\n--verify')" ] || fail "bash completion of 'barwise ma' and 'barwise map --veri' gave: $words"
ok "bash completion: barwise ma<TAB> -> map, barwise map --veri<TAB> -> --verify"

# an upgrade (the same package, one version up) keeps a local edit of a conffile
echo "# edited on this machine" >> "$r/etc/barwise/policies/default.yaml"
pkg=$(mktemp -d)
dpkg-deb -R "$deb" "$pkg/p"
version=$(sed -n 's/^Version: //p' "$pkg/p/DEBIAN/control")
sed -i "s/^Version: .*/Version: $version+upgrade1/" "$pkg/p/DEBIAN/control"
dpkg-deb -Zgzip -z1 --root-owner-group -b "$pkg/p" "$r/tmp/barwise-upgrade.deb" >/dev/null
rm -rf "$pkg"
inroot apt-get -q install -y -o Dpkg::Options::=--force-confold /tmp/barwise-upgrade.deb > "$r/tmp/upgrade.log" 2>&1 || { cat "$r/tmp/upgrade.log"; fail "upgrade to $version+upgrade1"; }
inroot dpkg-query -W -f '${Version}' barwise | grep -qx "$version+upgrade1" || fail "upgrade did not install $version+upgrade1"
grep -q '^# edited on this machine' "$r/etc/barwise/policies/default.yaml" || fail "the upgrade lost the local edit of /etc/barwise/policies/default.yaml"
ok "upgrade to $version+upgrade1 keeps the local edit of /etc/barwise/policies/default.yaml"

inroot apt-get -q remove -y barwise > "$r/tmp/remove.log" 2>&1 || { cat "$r/tmp/remove.log"; fail "apt remove barwise"; }
for p in /usr/bin/barwise /usr/lib/barwise /usr/share/man/man1/barwise-map.1.gz /usr/share/bash-completion/completions/barwise; do
    [ ! -e "$r$p" ] || fail "apt remove left $p"
done
[ -f "$r/etc/barwise/policies/default.yaml" ] || fail "apt remove took the policy (a conffile stays until purge)"
ok "apt remove: the package's files gone, the policy kept"
inroot apt-get -q purge -y barwise > "$r/tmp/purge.log" 2>&1 || { cat "$r/tmp/purge.log"; fail "apt purge barwise"; }
[ ! -e "$r/etc/barwise" ] || fail "apt purge left /etc/barwise: $(find "$r/etc/barwise")"
ok "apt purge: /etc/barwise gone"
