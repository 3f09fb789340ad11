#!/usr/bin/env bash
# Starts FerretDB (data in a fresh temp dir) on 127.0.0.1 and waits until it answers.
# Prints the MONGODB_URI to use on stdout (everything else goes to stderr):
#   export MONGODB_URI="$(scripts/ferretdb/start.sh)"
# Stop it with scripts/ferretdb/stop.sh.
#   FERRETDB_PORT  listen port; fails if something else holds it. Default: the first free port from 27217
#                  (away from a local mongod's 27017)
#   FERRETDB_HOME  where install.sh put the binary (default <repo>/.cache/ferretdb); one server per home
#   FERRETDB_BACKEND  sqlite (default: no other server needed) or postgresql: a throwaway PostgreSQL
#                  cluster (initdb from the machine's PostgreSQL, Debian package postgresql) in the temp
#                  dir, reached over its Unix socket only. On PostgreSQL FerretDB pushes top-level
#                  equality filters down into SQL; on SQLite it decodes every document of a collection for
#                  a query (see docs/benchmarks.md, "Incident queries").
# The URI printed is always that of this script's own process: the listening socket is checked to belong
# to it, so a server someone else runs on the port is never handed out.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/ferretdb/postgresql.sh
source "$repo/scripts/ferretdb/postgresql.sh"
home="${FERRETDB_HOME:-$repo/.cache/ferretdb}"
bin="$home/bin/ferretdb"
run="$home/run"

[[ -x "$bin" ]] || { echo "ferretdb is not installed; run scripts/ferretdb/install.sh" >&2; exit 1; }

# Whether process $1 holds the listening socket on 127.0.0.1:$2.
owns_port() {
  local pid="$1" port="$2"
  if [[ -r /proc/net/tcp && -d "/proc/$pid/fd" ]]; then
    # /proc/net/tcp: local address 0100007F:<hex port> is 127.0.0.1, state 0A is LISTEN, field 10 the inode.
    local inode
    inode="$(awk -v addr="0100007F:$(printf '%04X' "$port")" '$2 == addr && $4 == "0A" { print $10; exit }' /proc/net/tcp)"
    # A command substitution, not `| grep -q`: under pipefail a reader that quits early fails the pipeline.
    [[ -n "$inode" && -n "$(find "/proc/$pid/fd" -lname "socket:\[$inode\]" 2>/dev/null)" ]]
  elif command -v lsof >/dev/null 2>&1; then
    lsof -nP -a -p "$pid" -iTCP@127.0.0.1:"$port" -sTCP:LISTEN >/dev/null 2>&1
  else
    echo "cannot check who listens on $port (no /proc, no lsof); trusting that pid $pid does" >&2
    kill -0 "$pid" 2>/dev/null
  fi
}

# Something accepts connections on 127.0.0.1:$1 (bash's /dev/tcp: no client needed).
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

backend="${FERRETDB_BACKEND:-sqlite}"
case "$backend" in
  sqlite | postgresql) ;;
  *) echo "FERRETDB_BACKEND=$backend is not supported; use sqlite or postgresql" >&2; exit 1 ;;
esac


if [[ -f "$run/pid" ]] && kill -0 "$(cat "$run/pid")" 2>/dev/null; then
  pid="$(cat "$run/pid")"
  port="$(cat "$run/port" 2>/dev/null || true)"
  if [[ -n "$port" ]] && owns_port "$pid" "$port"; then
    echo "ferretdb already running (pid $pid, port $port)" >&2
    echo "mongodb://127.0.0.1:$port/"
    exit 0
  fi
  echo "ferretdb pid $pid from $run is running but does not listen on the port recorded; run scripts/ferretdb/stop.sh" >&2
  exit 1
fi

if [[ -n "${FERRETDB_PORT:-}" ]]; then
  if answers "$FERRETDB_PORT"; then
    echo "port $FERRETDB_PORT is already in use by another process; unset FERRETDB_PORT to pick a free one" >&2
    exit 1
  fi
  candidates=("$FERRETDB_PORT")
else
  mapfile -t candidates < <(seq 27217 27316)
fi

mkdir -p "$run"
for port in "${candidates[@]}"; do
  answers "$port" && continue
  data="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-data.XXXXXX")"
  echo "$data" >"$run/data-dir"
  if [[ "$backend" == postgresql ]]; then
    pg_url="$(start_postgresql "$data")" || { rm -rf "$data"; rm -f "$run/data-dir"; exit 1; }
    echo "$pg_url" >"$run/postgresql-url"
    handler=(--handler=postgresql --postgresql-url="$pg_url")
  else
    handler=(--handler=sqlite --sqlite-url="file:$data/")
  fi
  # Debug/metrics listener off so parallel runs do not collide on 8088.
  "$bin" "${handler[@]}" --listen-addr="127.0.0.1:$port" \
    --state-dir="$data" --debug-addr=- --telemetry=disable --log-level=warn \
    >"$run/ferretdb.log" 2>&1 &
  pid=$!
  echo "$pid" >"$run/pid"
  echo "$port" >"$run/port"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if answers "$port" && owns_port "$pid" "$port"; then
      echo "ferretdb $("$bin" --version | sed -n '1s/version: //p') ($backend backend) listening on 127.0.0.1:$port (pid $pid, data $data)" >&2
      echo "mongodb://127.0.0.1:$port/"
      exit 0
    fi
    sleep 0.1
  done
  # Not ours on that port (another process took it first) or not up: clean up and try the next one.
  echo "ferretdb did not come up as the listener on 127.0.0.1:$port:" >&2
  cat "$run/ferretdb.log" >&2
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  stop_postgresql "$data"
  rm -rf "$data"
  rm -f "$run/pid" "$run/port" "$run/data-dir" "$run/postgresql-url"
done
echo "no port among ${candidates[*]:0:1}..${candidates[*]: -1} where ferretdb could listen; log: $run/ferretdb.log" >&2
exit 1
