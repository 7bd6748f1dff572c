#!/usr/bin/env bash
# Runs every benchmark scenario in one go on this machine (release build, loopback only,
# a few minutes on 2 cores) and regenerates the part of docs/benchmarks.md between the
# GENERATED markers (hand-written analysis outside them is kept) and docs/bench-plot.png:
#   - raw `redis-benchmark` EVALSHA of the gate's own Lua script (one Redis's physical limit)
#   - `flashsale bench` for embedded / redis / naive-sql: a stampede, and a big sale where
#     every decision sells (the order writer's orders/s into PostgreSQL)
#   - a concurrency sweep of `flashsale bench`, drawn by `flashsale plot` (docs/bench-plot.png)
#   - the Telegram path: `flashsale bench-telegram` against the in-process fake Bot API
#   - the broadcast pace: `flashsale bench-announce` (when this build has it)
#   - `/stock` with 50 live sales (`cargo bench --bench stock_overview`)
#   - scale-out: `flashsale bench-scale` (3 `serve` processes in webhook mode) and
#     `flashsale bench-shards` (a hot sale's stock split over K Redis shards)
#   scripts/bench.sh                 # all scenarios
#   scripts/bench.sh telegram        # only the Telegram path; prints its section to stdout
#   CONCURRENCY=64 scripts/bench.sh  # client concurrency of the main runs (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
C=${CONCURRENCY:-64}
PG=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
REDIS_HOST=127.0.0.1 REDIS_PORT=6379
OUT=docs/benchmarks.md
PLOT=docs/bench-plot.png
RAW=$(mktemp -d)
trap 'rm -rf "$RAW"' EXIT

redis-cli -h $REDIS_HOST -p $REDIS_PORT ping >/dev/null || { echo "Redis must run on 127.0.0.1:6379 (scripts/test.sh starts it)"; exit 1; }
psql "$PG/postgres" -tAc 'select 1' >/dev/null || { echo "PostgreSQL must run at $PG"; exit 1; }
fresh_db() { psql "$PG/postgres" -qc "drop database if exists $1" -c "create database $1"; }
fresh_db flashsale_bench
export DATABASE_URL="$PG/flashsale_bench"
export REDIS_URL=redis://$REDIS_HOST:$REDIS_PORT
cargo build --release --quiet
BIN=target/release/flashsale

# The Telegram path: 10,000 users press a signed Buy button within one second; the real
# bot (`serve`, its own process) answers them through each gate and each delivery (long
# polling, webhook POSTs), orders in PostgreSQL; a bare teloxide bot that only answers each
# press runs on the same presses in the same invocation (baseline_* fields, CPU per press).
# Each invocation runs five rounds (own sale and users each, bare bot and bot in alternating
# order) and reports the median round.
telegram() {
  for delivery in polling webhook; do
    for gate in embedded redis; do
      echo "flashsale bench-telegram --users 10000 --stock 100 --within-ms 1000 --rounds 5 --delivery $delivery ($gate gate, x2)" >&2
      for i in 1 2; do
        if [ $gate = redis ]; then
          $BIN bench-telegram --users 10000 --stock 100 --within-ms 1000 --rounds 5 --delivery $delivery --json \
            > "$RAW/telegram-$delivery-$gate-$i.json"
        else
          env -u REDIS_URL $BIN bench-telegram --users 10000 --stock 100 --within-ms 1000 --rounds 5 \
            --delivery $delivery --json > "$RAW/telegram-$delivery-$gate-$i.json"
        fi
      done
    done
    # A/A: the bare bot in the bot's place too, so the table's ratios come with the spread
    # the harness gives two identical bots on this machine.
    echo "flashsale bench-telegram ... --delivery $delivery --calibrate (A/A)" >&2
    env -u REDIS_URL $BIN bench-telegram --users 10000 --stock 100 --within-ms 1000 --rounds 5 \
      --delivery $delivery --calibrate --json > "$RAW/telegram-$delivery-calibration-1.json"
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
  run "stampede-$b" 3 --backend $b --buyers 10000 --stock 100 --per-user-limit 1
  run "bigsale-$b" 3 --backend $b --buyers 20000 --stock 20000 --per-user-limit 1
done
run "stampede-naive-sql" 1 --backend naive-sql --buyers 10000 --stock 100 --per-user-limit 1
run "bigsale-naive-sql" 1 --backend naive-sql --buyers 20000 --stock 20000 --per-user-limit 1
# The embedded gate's own ceiling: many buyers in flight, so winners waiting for their
# commit do not idle the simulated clients.
run "stampede-embedded-c4000" 5 --backend embedded --buyers 10000 --stock 100 --per-user-limit 1 --concurrency 4000

# Concurrency sweep for the plot: a stampede of 5,000 buyers for 100 units at each level.
sweep() { # $1 = backend, $2 = buyers, rest = concurrency levels
  local b=$1 n=$2; shift 2
  for c in "$@"; do
    echo "flashsale bench --backend $b --buyers $n --concurrency $c (sweep)" >&2
    $BIN bench --backend "$b" --buyers "$n" --stock 100 --per-user-limit 1 --concurrency "$c" --json \
      | python3 -c "import json,sys; r=json.load(sys.stdin); r['concurrency']=$c; print(json.dumps(r))" \
      >> "$RAW/sweep.jsonl"
  done
}
sweep embedded 5000 1 4 16 64 256 1024
sweep redis 5000 1 4 16 64 256 1024
sweep naive-sql 2000 1 4 16 64
$BIN plot --input "$RAW/sweep.jsonl" --output "$PLOT"

telegram

# The broadcast pace, when this build has the command (it came with announcements).
if $BIN --help | grep 'bench-announce' >/dev/null; then
  echo "flashsale bench-announce --json" >&2
  $BIN bench-announce --json > "$RAW/announce.json" 2> "$RAW/announce.err" || echo '{"error": "bench-announce failed"}' > "$RAW/announce.json"
fi

# /stock with 50 live sales, through the real assistant, on a fresh PostgreSQL database.
fresh_db flashsale_bench_stock
echo "cargo bench --bench stock_overview" >&2
DATABASE_URL="$PG/flashsale_bench_stock" cargo bench --quiet --bench stock_overview 2>/dev/null \
  | grep '"stock_overview"' > "$RAW/stock-overview.json"

# Scale-out: three serve processes behind one Redis and one PostgreSQL database. The Redis
# is a private one on another port, so INFO commandstats counts only this run's calls.
fresh_db flashsale_bench_scale
SCALE_PORT=${SCALE_REDIS_PORT:-6392}
redis-server --port "$SCALE_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$RAW" \
  --maxmemory-policy noeviction --daemonize yes --pidfile "$RAW/redis-scale.pid" >/dev/null
until redis-cli -p "$SCALE_PORT" ping >/dev/null 2>&1; do sleep 0.1; done
echo "flashsale bench-scale --instances 3 --users 3000 --stock 100" >&2
DATABASE_URL="$PG/flashsale_bench_scale" REDIS_URL=redis://127.0.0.1:$SCALE_PORT $BIN bench-scale \
  --instances 3 --users 3000 --stock 100 --json > "$RAW/scale.json" || true
redis-cli -p "$SCALE_PORT" shutdown nosave >/dev/null 2>&1 || true
echo "flashsale bench-shards" >&2
$BIN bench-shards --stock 1000 --buyers 10000 > "$RAW/shards.jsonl"
$BIN bench-shards --stock 1000 --buyers 1100 --buckets 4,16 > "$RAW/shards-thin.jsonl"

python3 scripts/bench_report.py "$RAW" "$C" > "$RAW/generated.md"
python3 - "$OUT" "$RAW/generated.md" <<'PY'
import sys
path, gen = sys.argv[1], open(sys.argv[2]).read()
begin, end = "<!-- BEGIN GENERATED by scripts/bench.sh -->", "<!-- END GENERATED -->"
doc = open(path).read()
if begin in doc and end in doc:
    head, rest = doc.split(begin, 1)
    tail = rest.split(end, 1)[1]
else:
    head, tail = "# Benchmarks\n\n", "\n" + doc
open(path, "w").write(head + begin + "\n" + gen + end + tail)
PY
echo "wrote $OUT and $PLOT" >&2
