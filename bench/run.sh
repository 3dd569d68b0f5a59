#!/usr/bin/env bash
# Runs the foundation benchmarks against the real binary and prints the
# results with the machine's details. Usage: bench/run.sh [seconds-per-run]
#   login throughput vs raw argon2id at c = 1, 2, N and 2N (N = CPUs), with
#   server CPU per login beyond one raw hash, p50/p99 and peak RSS, then
#   GET /v1/me (open loop) at 1,000 and 5,000 requests/s: on SQLite and on
#   PostgreSQL.
# PostgreSQL comes from scripts/pg-throwaway, as in the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
n=$(nproc)
conc=$(printf '%s\n' 1 2 "$n" $((2 * n)) | sort -nu | paste -sd,)
pw='Bench-Horse-Battery-2026'
tmp=$(mktemp -d /tmp/watchword-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${WATCHWORD_PG_DIR:-}" ] && scripts/pg-throwaway stop "$WATCHWORD_PG_DIR"
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/watchword" ./cmd/watchword
go build -o "$tmp/login" ./bench/login
go build -o "$tmp/me" ./bench/me

echo "## machine"
echo "date: $(date -u +%FT%TZ)  go: $(go version | cut -d' ' -f3)  nproc: $(nproc)"
lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|CPU max MHz|L2|L3)' || true
echo "load before: $(cat /proc/loadavg)"
# Sample the 1-minute load every 5 s: the machine may be shared.
( while sleep 5; do cut -d' ' -f1 /proc/loadavg; done >"$tmp/load" ) &
pids+=($!)

# serve NAME ARGS... starts the server and sets url to its base URL.
serve() {
  local name=$1; shift
  "$tmp/watchword" serve --addr 127.0.0.1:0 --log-level warn --data "$tmp/$name" \
    --bootstrap-account bench --bootstrap-email ops@bench.test --bootstrap-password "$pw" "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  for _ in $(seq 100); do
    url=$(grep -oE 'http://[0-9.:]+' "$tmp/$name.out" 2>/dev/null | head -1 || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  cat "$tmp/$name.err" >&2; return 1
}

for store in sqlite postgres; do
  if [ $store = sqlite ]; then
    serve sqlite
  else
    eval "$(scripts/pg-throwaway start)"
    serve postgres --database "$WATCHWORD_TEST_POSTGRES_URL"
  fi
  pid=${pids[-1]}
  echo "## $store: login throughput vs raw argon2id (19 MiB, t=2, p=1), c=$conc, ${secs}s per run"
  "$tmp/login" -url "$url" -password "$pw" -c "$conc" -workers "$n" -pid "$pid" -d "${secs}s" -label $store 2>>"$tmp/results.jsonl"
  for rate in 1000 5000; do
    echo "## $store: GET /v1/me at $rate/s, ${secs}s"
    "$tmp/me" -url "$url" -password "$pw" -rate $rate -d "${secs}s" -label $store 2>>"$tmp/results.jsonl"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

echo "load after: $(cat /proc/loadavg)"
sort -n "$tmp/load" | awk '{a[NR]=$1} END {if (NR) printf "1-min load during the run: min %s, median %s, max %s (%d samples)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'
echo "## raw results (JSON lines)"
grep '^{' "$tmp/results.jsonl" || true
