#!/usr/bin/env bash
# The scale scenario (issue 19): the same benchmarks on a small database and
# on one seeded with a million users, on SQLite and on PostgreSQL.
# Usage: bench/scale.sh [users] [accounts] [sessions] [seconds-per-run]
#   defaults: 1000000 users in 10000 accounts, 10000000 sessions, 20 s runs.
# For each store and size it seeds the database (bench/scale: one argon2id
# for every user), starts the server, times the start-up purge of the
# sessions past retention (one per user, a tenth of them), then measures
# logins at c=2 (bench/login), GET /v1/me at 1000/s, the first page of
# GET /v1/users and GET /v1/me/sessions at 500/s (bench/me: latency and
# server CPU per request), and prints the database size.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-1000000} accounts=${2:-10000} sessions=${3:-10000000} secs=${4:-20}
pw='Bench-Horse-Battery-2026'
tmp=$(mktemp -d /tmp/watchword-scale.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${WATCHWORD_PG_DIR:-}" ] && scripts/pg-throwaway stop "$WATCHWORD_PG_DIR"
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/watchword" ./cmd/watchword
go build -o "$tmp/scale" ./bench/scale
go build -o "$tmp/login" ./bench/login
go build -o "$tmp/me" ./bench/me
eval "$(scripts/pg-throwaway start)"
pgbase=$WATCHWORD_TEST_POSTGRES_URL

echo "## machine"
echo "date: $(date -u +%FT%TZ)  go: $(go version | cut -d' ' -f3)  nproc: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"

# serve NAME ARGS... starts the server and sets url.
serve() {
  local name=$1; shift
  "$tmp/watchword" serve --addr 127.0.0.1:0 --log-level warn "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  for _ in $(seq 300); do
    url=$(grep -oE 'http://[0-9.:]+' "$tmp/$name.out" 2>/dev/null | head -1 || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  cat "$tmp/$name.err" >&2; return 1
}

# purged prints the sessions the server has purged so far.
purged() { curl -s "$url/metrics" | awk '/^watchword_purged_rows_total\{kind="sessions"\}/ {print $2+0; f=1} END {if (!f) print 0}'; }

# bench LABEL: the measurements against the server at $url.
bench() {
  local label=$1 start n last
  start=$(date +%s.%N) last=-1
  # The start-up purge: wait until the count stops moving.
  while n=$(purged); [ "$n" != "$last" ]; do last=$n; sleep 2; done
  awk -v n="$n" -v s="$start" -v e="$(date +%s.%N)" -v l="$label" \
    'BEGIN {d = e - s - 2; if (d < 0.1) d = 0.1; printf "%-16s start-up purge: %d sessions in %.1f s (%.0f rows/s)\n", l, n, d, n / d}'
  "$tmp/login" -url "$url" -account acct00000 -password "$pw" -c 2 -d "${secs}s" -label "$label" 2>>"$tmp/results.jsonl"
  for p in "/v1/me 1000" "/v1/users?limit=50 500" "/v1/me/sessions 500"; do
    set -- $p
    "$tmp/me" -url "$url" -account acct00000 -password "$pw" -path "$1" -rate "$2" -d "${secs}s" -label "$label" 2>>"$tmp/results.jsonl"
  done
}

for size in small large; do
  if [ $size = small ]; then u=100 a=1 s=1000; else u=$users a=$accounts s=$sessions; fi
  echo "## SQLite, $size: $u users, $a accounts, $s sessions"
  "$tmp/scale" -data "$tmp/sqlite-$size" -users $u -accounts $a -sessions $s -password "$pw" 2>/dev/null
  serve "sqlite-$size" --data "$tmp/sqlite-$size"
  bench "sqlite-$size"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  echo "database size after the purge: $(du -sh "$tmp/sqlite-$size" | cut -f1) (data directory, WAL included)"
  rm -rf "$tmp/sqlite-$size"

  echo "## PostgreSQL, $size: $u users, $a accounts, $s sessions"
  psql "$pgbase" -qc "CREATE DATABASE scale_$size"
  pgurl=$(echo "$pgbase" | sed "s#/postgres?#/scale_$size?#")
  "$tmp/scale" -database "$pgurl" -users $u -accounts $a -sessions $s -password "$pw" 2>/dev/null
  serve "postgres-$size" --data "$tmp/pgdata-$size" --database "$pgurl"
  bench "postgres-$size"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  echo "database size after the purge: $(psql "$pgurl" -Atc 'SELECT pg_size_pretty(pg_database_size(current_database()))')"
  psql "$pgbase" -qc "DROP DATABASE scale_$size"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## raw results (JSON lines)"
grep '^{' "$tmp/results.jsonl" || true
