#!/usr/bin/env bash
# Stops the FerretDB started by start.sh and removes its temp data dir. Safe to run when it is not running.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/ferretdb/postgresql.sh
source "$repo/scripts/ferretdb/postgresql.sh"
run="${FERRETDB_HOME:-$repo/.cache/ferretdb}/run"
if [[ -f "$run/pid" ]]; then
  pid="$(cat "$run/pid")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$run/pid" "$run/port" "$run/postgresql-url"
fi
if [[ -f "$run/data-dir" ]]; then
  data="$(cat "$run/data-dir")"
  stop_postgresql "$data"
  rm -rf "$data"
  rm -f "$run/data-dir"
fi
