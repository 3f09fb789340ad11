#!/usr/bin/env bash
# Stops the FerretDB started by start.sh and removes its temp data dir. Safe to run when it is not running.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
run="${FERRETDB_HOME:-$repo/.cache/ferretdb}/run"
if [[ -f "$run/pid" ]]; then
  pid="$(cat "$run/pid")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$run/pid" "$run/port"
fi
if [[ -f "$run/data-dir" ]]; then
  rm -rf "$(cat "$run/data-dir")"
  rm -f "$run/data-dir"
fi
