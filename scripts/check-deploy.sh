#!/usr/bin/env bash
# Checks compose.yaml's invariants without a Docker daemon (run by hand; not part of
# scripts/test.sh): two serve replicas, healthchecks on /readyz, service_healthy waits,
# secrets only from the env file, Caddy forwarding only the webhook path, secret lengths.
# Also runs `caddy validate` on deploy/Caddyfile and `docker-compose config` / `docker compose
# config` when they are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import re, sys, yaml
c = yaml.safe_load(open("compose.yaml"))
s = c["services"]
bad = []
bots = [n for n, v in s.items() if v.get("command") == ["serve"]]
if len(bots) != 2: bad.append(f"want 2 serve replicas, got {bots}")
for n in bots:
    v = s[n]
    if "/readyz" not in " ".join(v["healthcheck"]["test"]): bad.append(f"{n}: healthcheck not on /readyz")
    if v.get("env_file") != "deploy/flashsale.env": bad.append(f"{n}: no env_file")
    for k in v.get("environment", {}):
        if re.search("SECRET|TOKEN|PASSWORD|DATABASE_URL", k): bad.append(f"{n}: {k} inline")
    if v["environment"].get("HTTP_ADDR") != "0.0.0.0:8080": bad.append(f"{n}: HTTP_ADDR")
    for dep, cond in v["depends_on"].items():
        want = "service_completed_successfully" if dep == "migrate" else "service_healthy"
        if cond["condition"] != want: bad.append(f"{n}: depends_on {dep} {cond}")
for n in ("caddy", "pgbouncer"):
    for dep, cond in s[n].get("depends_on", {}).items():
        if cond["condition"] != "service_healthy": bad.append(f"{n}: depends_on {dep}")
if "noeviction" not in s["redis"]["command"]: bad.append("redis without noeviction")
ini = open("deploy/pgbouncer.ini").read()
if not re.search(r"^pool_mode = transaction$", ini, re.M): bad.append("pgbouncer not in transaction mode")
if not re.search(r"^max_prepared_statements = [1-9]", ini, re.M): bad.append("max_prepared_statements unset")
caddy = open("deploy/Caddyfile").read()
handles = re.findall(r"^\thandle ?(\S*) \{", caddy, re.M)
if handles != ["{$WEBHOOK_PATH}", ""] or caddy.count("reverse_proxy") != 1 or "respond 404" not in caddy:
    bad.append(f"Caddy must proxy only the webhook path: {handles}")
env = dict(l.split("=", 1) for l in open("deploy/flashsale.env.example").read().splitlines() if l and not l.startswith("#"))
for k in ("WEBHOOK_SECRET", "BUTTON_SECRET"):
    if len(env[k]) < 16 or not re.fullmatch(r"[A-Za-z0-9_-]+", env[k]): bad.append(f"{k} example invalid")
if not env["WEBHOOK_URL"].endswith(env["WEBHOOK_PATH"]) or env["BOT_DOMAIN"] not in env["WEBHOOK_URL"]:
    bad.append("WEBHOOK_URL must be https://BOT_DOMAIN + WEBHOOK_PATH")
if "@pgbouncer:" not in env["DATABASE_URL"] or "@postgres:" not in env["MIGRATE_DATABASE_URL"]:
    bad.append("bots via pgbouncer, migrate direct")
print("\n".join(bad) or "compose.yaml: invariants hold")
sys.exit(1 if bad else 0)
PY
if command -v caddy >/dev/null; then
  BOT_DOMAIN=bot.example.com WEBHOOK_PATH=/telegram \
    caddy validate --config deploy/Caddyfile --adapter caddyfile >/dev/null 2>&1 \
    && echo "caddy validate: ok" || { echo "caddy validate failed"; exit 1; }
else
  echo "no caddy here: skipped 'caddy validate'"
fi
dc=""
if command -v docker-compose >/dev/null; then dc="docker-compose"
elif docker compose version >/dev/null 2>&1; then dc="docker compose"; fi
if [ -n "$dc" ]; then
  made=""
  [ -f deploy/flashsale.env ] || { cp deploy/flashsale.env.example deploy/flashsale.env; made=1; }
  $dc -f compose.yaml config -q && echo "$dc config: ok"
  [ -z "$made" ] || rm deploy/flashsale.env
else
  echo "no docker compose here: skipped 'config'"
fi
