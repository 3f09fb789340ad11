#!/usr/bin/env bash
# Installs FerretDB (a MongoDB-wire-compatible server; its SQLite backend needs no other server) for the
# store integration tests. Built from source fetched through the Go module proxy, and cached: a second
# run with the binary present does nothing.
#   FERRETDB_VERSION  module version (default v1.24.2, the last 1.x release)
#   FERRETDB_HOME     cache dir (default <repo>/.cache/ferretdb); the binary lands in $FERRETDB_HOME/bin
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
version="${FERRETDB_VERSION:-v1.24.2}"
home="${FERRETDB_HOME:-$repo/.cache/ferretdb}"
bin="$home/bin/ferretdb"
stamp="$home/bin/.version"

if [[ -x "$bin" && "$(cat "$stamp" 2>/dev/null)" == "$version" ]]; then
  echo "ferretdb $version already installed at $bin"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go is required to build FerretDB (https://go.dev/dl/, 1.24 or newer)" >&2
  exit 1
fi

echo "building ferretdb $version with $(go version) (first build takes a few minutes)"
start=$(date +%s)
mkdir -p "$home/bin"
# The module path is case-sensitive (the proxy stores it as !ferret!d!b/!ferret!d!b). A plain
# `go install .../cmd/ferretdb@version` builds, but the binary panics at start: FerretDB embeds its
# version from build/version/version.txt, which its release process generates and the module zip lacks.
# So: fetch the module from the proxy, add that one file, and build the same command from the copy.
dir=$(go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
[[ -n "$dir" && -d "$dir" ]] || { echo "go mod download did not return a source dir for $version" >&2; exit 1; }
rm -rf "$home/src"
cp -R "$dir" "$home/src"
chmod -R u+w "$home/src"
echo "$version" >"$home/src/build/version/version.txt"
# CGO off: the SQLite backend is pure Go (modernc.org/sqlite), so no C toolchain is needed.
(cd "$home/src" && CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -buildvcs=false -mod=mod" go build -o "$bin.tmp" ./cmd/ferretdb)
mv "$bin.tmp" "$bin"
rm -rf "$home/src"
echo "$version" >"$stamp"
"$bin" --version | sed -n 1p
echo "ferretdb $version installed at $bin in $(($(date +%s) - start)) s"
