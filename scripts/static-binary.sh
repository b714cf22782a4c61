#!/usr/bin/env bash
# One deployable binary (issue 22): a release build of gatehouse with the Swift runtime and
# Foundation linked in statically, its resources (templates, assets, the guide) beside it — then
# checked as a Debian machine without Swift would run it: the toolchain and the build folder are
# hidden (a mount namespace with empty folders over them), and the copy runs from another folder.
#
#   scripts/static-binary.sh [OUT]        (default: .build/dist/gatehouse; needs root for the check)
#
# OUT then holds `gatehouse` and `Gatehouse_GatehouseWeb.resources/`: copy both to the server,
# side by side (docs/deploy.md). Linking needs libcurl's development files (libcurl4-openssl-dev:
# Foundation's URLSession is built on it); the server then needs only Debian's libcurl4, which
# `ldd` lists below with the C library's own. The first build takes about ten minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/dist/gatehouse}
build=${STATIC_BUILD_PATH:-.build/static}

swift build -c release --static-swift-stdlib --product gatehouse --build-path "$build" 2>&1 | grep -E "error|Compiling gatehouse|Build" || true
bin=$(swift build -c release --static-swift-stdlib --product gatehouse --build-path "$build" --show-bin-path)
test -x "$bin/gatehouse" || { echo "the build made no gatehouse in $bin"; exit 1; }
rm -rf "$out"
mkdir -p "$out"
# Without its debugging symbols: half the size (about 100 MB instead of 220 MB).
if command -v strip > /dev/null; then strip -o "$out/gatehouse" "$bin/gatehouse"; else cp "$bin/gatehouse" "$out/"; fi
cp -R "$bin"/*.resources "$out/"
echo "== $out: $(du -sh "$out" | cut -f1), the binary $(du -h "$out/gatehouse" | cut -f1)"

echo "== the libraries it needs"
ldd "$out/gatehouse" | sed 's/ (0x[0-9a-f]*)//'
if ldd "$out/gatehouse" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime|libicu'; then
    echo "it still needs a library of the Swift toolchain"
    exit 1
fi

if [ "$(id -u)" != 0 ] || ! command -v unshare > /dev/null; then
    echo "== not checked without the toolchain: that needs root and unshare"
    exit 0
fi
echo "== run with the toolchain and the build folder out of reach"
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
place=$(mktemp -d)
cp -R "$out/." "$place/"
cp examples/plumber-chicago.yml "$place/policy.yml"
trap 'rm -rf "$place"' EXIT
unshare --mount --propagation private bash -s "$toolchain" "$(readlink -f "$build")" "$(pwd)" "$place" <<'CHECK'
set -euo pipefail
toolchain=$1 build=$2 repository=$3 place=$4
for hidden in "$toolchain" "$build" "$repository"; do mount -t tmpfs none "$hidden"; done
if command -v swift > /dev/null && swift --version > /dev/null 2>&1; then echo "the toolchain is still reachable"; exit 1; fi
cd "$place"
./gatehouse --version
./gatehouse policy check policy.yml
./gatehouse serve --demo --database "sqlite:$place/demo.sqlite" --port 18731 --key-file "$place/server.key" > serve.log 2>&1 &
server=$!
for _ in $(seq 1 60); do
    curl -fs http://127.0.0.1:18731/health > /dev/null 2>&1 && break
    sleep 1
done
echo "health: $(curl -s http://127.0.0.1:18731/health)"
signin=$(curl -s http://127.0.0.1:18731/signin)
kill "$server"
wait "$server" || true
case "$signin" in
    *'<form'*'password'*) echo "the sign-in page is rendered from the resources beside the binary" ;;
    *) echo "the sign-in page did not render:"; echo "$signin" | head -20; tail -20 serve.log; exit 1 ;;
esac
CHECK
echo "== it runs without Swift installed"
