#!/usr/bin/env bash
# The test command: makes sure Redis and PostgreSQL run on 127.0.0.1 and headless Chromium is
# there (installing them with apt-get when missing, as root), then runs formatting, lints and every test.
# Each test creates its own database (fs_test_*) or Redis key prefix, so tests run in parallel.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[test.sh]\033[0m %s\n' "$*"; }
die() { printf '[test.sh] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install redis-server and postgresql yourself, or run as root)"; fi
}

apt_updated=no
apt_install() {
  command -v apt-get >/dev/null || die "$1 is missing and apt-get is not available; install it and rerun"
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
ensure_redis() {
  if redis_up; then log "redis: running on 127.0.0.1:6379"; return; fi
  command -v redis-server >/dev/null || { log "redis: installing redis-server"; apt_install redis-server; }
  log "redis: starting on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --maxmemory-policy noeviction --logfile /tmp/flashsale-test-redis.log
  for _ in $(seq 1 50); do redis_up && return; sleep 0.2; done
  die "redis did not start on 127.0.0.1:6379 (see /tmp/flashsale-test-redis.log)"
}

# A local Redis Cluster (3 masters + 3 replicas on 7101-7106) for the cluster tests.
ensure_redis_cluster() {
  bash scripts/redis-cluster.sh 7101 || die "could not start the local Redis Cluster on 127.0.0.1:7101-7106"
  export TEST_REDIS_CLUSTER_URL="redis://127.0.0.1:7101,redis://127.0.0.1:7102,redis://127.0.0.1:7103"
}

pg_up() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; }
ensure_postgres() {
  if pg_up; then log "postgres: running on 127.0.0.1:5432"; return; fi
  if ! command -v pg_ctlcluster >/dev/null; then log "postgres: installing postgresql"; apt_install postgresql; fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
  [ -n "$version" ] || die "postgresql is installed but has no cluster under /etc/postgresql"
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q '^host all postgres 127.0.0.1/32 trust' "$hba" 2>/dev/null; then
    log "postgres: allowing trust auth for postgres on 127.0.0.1 (test machine)"
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
  fi
  log "postgres: starting cluster $version/main"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
  for _ in $(seq 1 50); do pg_up && return; sleep 0.2; done
  die "postgres did not accept connections on 127.0.0.1:5432 as user postgres with trust auth"
}

# Headless Chromium and its WebDriver for the Mini App browser tests (tests/it/miniapp_browser.rs),
# from the distribution's packages; the tests find them through CHROMIUM / CHROMEDRIVER.
ensure_chromium() {
  local chrome=/usr/bin/chromium driver=/usr/bin/chromedriver
  if [ ! -x "$chrome" ] || [ ! -x "$driver" ]; then
    log "chromium: installing chromium, chromium-driver and CJK/emoji fonts"
    apt_install chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji \
      || die "could not install chromium + chromium-driver (the Mini App browser tests need them); install them and rerun"
  fi
  [ -x "$chrome" ] && [ -x "$driver" ] \
    || die "chromium or chromedriver missing at $chrome / $driver after installing (the Mini App browser tests need both)"
  export CHROMIUM="$chrome" CHROMEDRIVER="$driver"
  log "chromium: $("$chrome" --version 2>/dev/null | head -n1)"
}

drop_old_test_databases() {
  psql -h 127.0.0.1 -U postgres -d postgres -tAc \
    "select datname from pg_database where datname like 'fs\\_test\\_%'" 2>/dev/null |
    while read -r db; do [ -n "$db" ] && psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists \"$db\"" >/dev/null 2>&1 || true; done
}

# The test build needs about 2 GB under target/ (Cargo.toml keeps debug info small); say so
# plainly instead of letting the linker die with a bus error on a full disk.
check_disk() {
  mkdir -p target
  local free_kb
  free_kb=$(df -Pk target | awk 'NR==2 {print $4}')
  if [ -n "$free_kb" ] && [ "$free_kb" -lt 2500000 ]; then
    die "only $((free_kb / 1024)) MB free on the disk holding target/; the test build needs about 2.5 GB (free some space and rerun)"
  fi
}

command -v cargo >/dev/null || die "cargo is not installed (https://rustup.rs)"
# Incremental caches double target/ and buy nothing in a one-shot run.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
check_disk
ensure_redis
ensure_redis_cluster
ensure_postgres
ensure_chromium
drop_old_test_databases

log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings
log "cargo test"
cargo test --all-targets
drop_old_test_databases
