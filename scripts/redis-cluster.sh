#!/usr/bin/env bash
# Starts a local Redis Cluster for the tests: 3 masters + 3 replicas on 127.0.0.1, ports
# BASE..BASE+5 (default 7101-7106; cluster bus on port+10000), no persistence, data under
# /tmp/flashsale-redis-cluster-BASE. Does nothing when a healthy cluster already answers there.
# Usage: scripts/redis-cluster.sh [BASE]      Stop: scripts/redis-cluster.sh stop [BASE]
set -euo pipefail

if [ "${1:-}" = stop ]; then
  base=${2:-7101}
  for p in $(seq "$base" $((base + 5))); do redis-cli -h 127.0.0.1 -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  exit 0
fi

base=${1:-7101}
dir=/tmp/flashsale-redis-cluster-$base
ports=$(seq "$base" $((base + 5)))

healthy() { redis-cli -h 127.0.0.1 -p "$base" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; }
if healthy; then echo "redis cluster: running on 127.0.0.1:$base-$((base + 5))"; exit 0; fi

for p in $ports; do redis-cli -h 127.0.0.1 -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
rm -rf "$dir"; mkdir -p "$dir"
for p in $ports; do
  redis-server --port "$p" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --cluster-enabled yes --cluster-config-file "nodes-$p.conf" --cluster-node-timeout 2000 \
    --cluster-replica-validity-factor 0 \
    --save "" --appendonly no --maxmemory-policy noeviction --logfile "$dir/redis-$p.log"
done
for p in $ports; do
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$p" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
done
nodes=$(for p in $ports; do printf '127.0.0.1:%s ' "$p"; done)
# shellcheck disable=SC2086
redis-cli --cluster create $nodes --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 \
  || { cat "$dir/create.log" >&2; echo "redis cluster: create failed" >&2; exit 1; }
for _ in $(seq 1 100); do
  ok=yes
  for p in $ports; do redis-cli -h 127.0.0.1 -p "$p" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=no; done
  [ $ok = yes ] && { echo "redis cluster: started on 127.0.0.1:$base-$((base + 5))"; exit 0; }
  sleep 0.2
done
echo "redis cluster: did not become healthy (logs in $dir)" >&2
exit 1
