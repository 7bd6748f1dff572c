#!/usr/bin/env bash
# Fault-test repetitions: runs each chaos scenario RUNS times (default 20) one after another
# and prints the table in docs/reliability.md. Needs what scripts/test.sh needs (Redis and
# PostgreSQL on 127.0.0.1, redis-server and PostgreSQL 15 binaries; root for the disk-full
# tmpfs and for running the private PostgreSQL as the postgres user).
#
#   scripts/reliability.sh                     # every scenario, 20 runs each
#   scripts/reliability.sh 5 chaos_kill        # one test file, 5 runs
#   CHAOS_REPORT=out.jsonl scripts/reliability.sh   # keep the per-run JSON lines elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
scenarios=${*:-chaos_redis chaos_postgres chaos_sqlite chaos_bot_api chaos_kill chaos_hostile group_flood}
report=${CHAOS_REPORT:-target/reliability.jsonl}
: > "$report"
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
cargo test --test it --no-run
status=0
for s in $scenarios; do
  echo "[reliability] $s x $runs" >&2
  CHAOS_RUNS=$runs CHAOS_REPORT=$report cargo test --test it -- "$s" --test-threads=1 || status=1
done
python3 scripts/reliability_table.py "$report"
exit $status
