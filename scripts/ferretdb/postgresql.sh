# shellcheck shell=bash
# The throwaway PostgreSQL cluster of FERRETDB_BACKEND=postgresql, for start.sh and stop.sh (sourced).
# The cluster lives in <data dir>/pg, beside FerretDB's state, and goes with it.

# Runs a PostgreSQL program as the postgres user when this script runs as root (initdb refuses root).
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Creates and starts a PostgreSQL cluster in $1/pg (Unix socket in that dir, no TCP listener);
# prints FerretDB's --postgresql-url for it (start.sh keeps it in its run dir for tools that add to it).
# Plans are made for each statement's values (FerretDB sends the field names of its filters as
# parameters), so an expression index on a field can serve a filter on it.
pg_bindir() { printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }
start_postgresql() {
  local data="$1" bindir
  bindir="$(pg_bindir)"
  [[ -n "$bindir" && -x "$bindir/initdb" ]] || {
    echo "FERRETDB_BACKEND=postgresql needs PostgreSQL's server programs (apt-get install postgresql)" >&2
    return 1
  }
  mkdir -p "$data/pg"
  [[ "$(id -u)" == 0 ]] && chown postgres "$data" "$data/pg"
  as_pg "$bindir/initdb" -D "$data/pg" --auth=trust --username=postgres --encoding=UTF8 --no-sync >"$data/initdb.log" 2>&1 || {
    cat "$data/initdb.log" >&2
    return 1
  }
  # A throwaway cluster: no fsync.
  as_pg "$bindir/pg_ctl" -D "$data/pg" -l "$data/pg/server.log" -w \
    -o "-c listen_addresses='' -k $data/pg -c fsync=off -c shared_buffers=512MB -c plan_cache_mode=force_custom_plan" \
    start >&2 || {
    cat "$data/pg/server.log" >&2
    return 1
  }
  echo "postgres://postgres@/postgres?host=$data/pg"
}

# Stops the cluster in $1/pg, if one runs there.
stop_postgresql() {
  local data="$1"
  [[ -f "$data/pg/postmaster.pid" ]] || return 0
  as_pg "$(pg_bindir)/pg_ctl" -D "$data/pg" -m fast stop >/dev/null || true
}
