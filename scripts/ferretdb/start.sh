#!/usr/bin/env bash
# Starts FerretDB (SQLite backend, data in a fresh temp dir) on 127.0.0.1 and waits until it answers.
# Prints the MONGODB_URI to use on stdout (everything else goes to stderr):
#   export MONGODB_URI="$(scripts/ferretdb/start.sh)"
# Stop it with scripts/ferretdb/stop.sh.
#   FERRETDB_PORT  listen port (default 27217, away from a local mongod's 27017)
#   FERRETDB_HOME  where install.sh put the binary (default <repo>/.cache/ferretdb)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
home="${FERRETDB_HOME:-$repo/.cache/ferretdb}"
port="${FERRETDB_PORT:-27217}"
bin="$home/bin/ferretdb"
run="$home/run"

[[ -x "$bin" ]] || { echo "ferretdb is not installed; run scripts/ferretdb/install.sh" >&2; exit 1; }
if [[ -f "$run/pid" ]] && kill -0 "$(cat "$run/pid")" 2>/dev/null; then
  echo "ferretdb already running (pid $(cat "$run/pid"))" >&2
  echo "mongodb://127.0.0.1:$port/"
  exit 0
fi

mkdir -p "$run"
data="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-data.XXXXXX")"
echo "$data" >"$run/data-dir"
# Debug/metrics listener off (port 0 = any free port) so parallel runs do not collide on 8088.
"$bin" --handler=sqlite --sqlite-url="file:$data/" --listen-addr="127.0.0.1:$port" \
  --state-dir="$data" --debug-addr=- --telemetry=disable --log-level=warn \
  >"$run/ferretdb.log" 2>&1 &
echo $! >"$run/pid"

# Wait until it accepts connections (bash's /dev/tcp: no client needed).
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "ferretdb $("$bin" --version | head -1 | sed 's/version: //') listening on 127.0.0.1:$port (pid $(cat "$run/pid"), data $data)" >&2
    echo "mongodb://127.0.0.1:$port/"
    exit 0
  fi
  if ! kill -0 "$(cat "$run/pid")" 2>/dev/null; then
    echo "ferretdb exited during start:" >&2
    cat "$run/ferretdb.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "ferretdb did not answer on 127.0.0.1:$port within 10 s; log: $run/ferretdb.log" >&2
exit 1
