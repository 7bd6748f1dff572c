#!/usr/bin/env bash
# Runs the benchmark scenarios in one go on this machine and writes docs/benchmarks.md:
# raw redis-benchmark EVALSHA of the gate's own Lua script, then `flashsale bench` for the
# embedded, redis and naive-sql backends, orders in PostgreSQL; then the Telegram path
# (`flashsale bench-telegram`: the real bot against an in-process fake Bot API).
# Loopback only; bounded.
#   scripts/bench.sh                 # all scenarios
#   scripts/bench.sh telegram        # only the Telegram path; prints its section to stdout
#   CONCURRENCY=64 scripts/bench.sh  # client concurrency for every run (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
C=${CONCURRENCY:-64}
PG=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
REDIS_HOST=127.0.0.1 REDIS_PORT=6379
OUT=docs/benchmarks.md
RAW=$(mktemp -d)
trap 'rm -rf "$RAW"' EXIT

redis-cli -h $REDIS_HOST -p $REDIS_PORT ping >/dev/null || { echo "Redis must run on 127.0.0.1:6379 (scripts/test.sh starts it)"; exit 1; }
psql "$PG/postgres" -tAc 'select 1' >/dev/null || { echo "PostgreSQL must run at $PG"; exit 1; }
psql "$PG/postgres" -qc 'drop database if exists flashsale_bench' -c 'create database flashsale_bench'
export DATABASE_URL="$PG/flashsale_bench"
cargo build --release --quiet
BIN=target/release/flashsale

# The Telegram path: 10,000 users press a signed Buy button within one second; the real
# dispatcher (long polling) answers them through each gate, orders in PostgreSQL.
telegram() {
  for gate in embedded redis; do
    echo "flashsale bench-telegram --users 10000 --stock 100 --within-ms 1000 ($gate gate, x3)" >&2
    for i in 1 2 3; do
      if [ $gate = redis ]; then
        REDIS_URL=redis://$REDIS_HOST:$REDIS_PORT $BIN bench-telegram --users 10000 --stock 100 \
          --within-ms 1000 --json > "$RAW/telegram-$gate-$i.json"
      else
        env -u REDIS_URL $BIN bench-telegram --users 10000 --stock 100 --within-ms 1000 \
          --json > "$RAW/telegram-$gate-$i.json"
      fi
    done
  done
}
if [ "${1:-}" = telegram ]; then
  telegram
  python3 scripts/bench_report.py "$RAW" "$C" telegram
  exit 0
fi

# Raw Redis: the same buy.lua, the same key layout, the same sale state, C connections.
SHA=$(redis-cli -h $REDIS_HOST SCRIPT LOAD "$(cat src/stock/lua/buy.lua)")
raw_redis() { # $1 = name, $2 = stock, $3 = requests
  local k="fs-rb:{sale:1}" now
  now=$(($(date +%s) * 1000))
  redis-cli -h $REDIS_HOST DEL "$k:meta" "$k:bought" "$k:reqs" >/dev/null
  redis-cli -h $REDIS_HOST HSET "$k:meta" stock "$2" remaining "$2" limit 1 starts $((now - 1000)) \
    ends $((now + 3600000)) cancelled 0 >/dev/null
  redis-cli -h $REDIS_HOST HSET "$k:bought" _ 0 >/dev/null
  redis-cli -h $REDIS_HOST HSET "$k:reqs" _ '' >/dev/null
  redis-benchmark -h $REDIS_HOST -p $REDIS_PORT -c "$C" -n "$3" -r 100000000 --csv \
    EVALSHA "$SHA" 3 "$k:meta" "$k:bought" "$k:reqs" __rand_int__ 1 "rb__rand_int__" "$now" \
    | tail -n 1 > "$RAW/redis-benchmark-$1.csv"
  redis-cli -h $REDIS_HOST DEL "$k:meta" "$k:bought" "$k:reqs" >/dev/null
}

run() { # $1 = file, $2 = repetitions, rest = bench args (a later --concurrency wins)
  local f=$1 n=$2; shift 2
  echo "flashsale bench $* (x$n)" >&2
  for i in $(seq 1 "$n"); do
    $BIN bench --concurrency "$C" "$@" --json > "$RAW/$f-$i.json"
  done
}

raw_redis stampede 100 200000
raw_redis bigsale 10000000 200000
# A stampede decides in milliseconds, so it is repeated and the median run reported.
for b in embedded redis; do
  run "stampede-$b" 5 --backend $b --buyers 10000 --stock 100 --per-user-limit 1
  run "bigsale-$b" 3 --backend $b --buyers 20000 --stock 20000 --per-user-limit 1
done
run "stampede-naive-sql" 1 --backend naive-sql --buyers 10000 --stock 100 --per-user-limit 1
run "bigsale-naive-sql" 1 --backend naive-sql --buyers 20000 --stock 20000 --per-user-limit 1
# The embedded gate's own ceiling: many buyers in flight, so winners waiting for their
# commit do not idle the simulated clients.
run "stampede-embedded-c4000" 7 --backend embedded --buyers 10000 --stock 100 --per-user-limit 1 --concurrency 4000

telegram

python3 scripts/bench_report.py "$RAW" "$C" > "$OUT"
echo "wrote $OUT" >&2
