"""Turns the raw results of scripts/bench.sh into the generated part of docs/benchmarks.md
(stdout; bench.sh puts it between the GENERATED markers).

With a third argument `telegram`, prints only the Telegram-path section."""
import csv
import json
import os
import platform
import subprocess
import sys

raw, conc = sys.argv[1], sys.argv[2]
only = sys.argv[3] if len(sys.argv) > 3 else None


def load(name):
    """The median run (by decisions/s) of a repeated scenario, with the range seen."""
    runs = []
    i = 1
    while os.path.exists(os.path.join(raw, f"{name}-{i}.json")):
        with open(os.path.join(raw, f"{name}-{i}.json")) as f:
            runs.append(json.load(f))
        i += 1
    runs.sort(key=lambda r: r["decisions_per_sec"])
    med = dict(runs[len(runs) // 2])
    med["runs"] = len(runs)
    med["lo"], med["hi"] = runs[0]["decisions_per_sec"], runs[-1]["decisions_per_sec"]
    # Safety figures are the worst over all runs, never the median.
    for k in ("oversold", "duplicates_accepted", "errors"):
        med[k] = max(r[k] for r in runs)
    med["orders_ok"] = all(r["orders_in_db"] == r["sold"] for r in runs)
    return med


def rate(r):
    if r["runs"] == 1:
        return f"{r['decisions_per_sec']:,.0f}"
    return f"{r['decisions_per_sec']:,.0f} ({r['lo']:,.0f}–{r['hi']:,.0f}, {r['runs']} runs)"


def rb(name):
    with open(os.path.join(raw, f"redis-benchmark-{name}.csv")) as f:
        row = next(csv.reader(f))
    return float(row[1]), float(row[4]), float(row[6])  # rps, p50 ms, p99 ms


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def load_runs(name):
    runs = []
    i = 1
    while os.path.exists(os.path.join(raw, f"{name}-{i}.json")):
        with open(os.path.join(raw, f"{name}-{i}.json")) as f:
            runs.append(json.load(f))
        i += 1
    return runs


def telegram_section():
    """`flashsale bench-telegram`: the median run by p99, safety figures the worst of all runs."""
    print("## Telegram path: 10,000 users press Buy within one second, 100 units, limit 1\n")
    print("`flashsale bench-telegram` runs the real bot (`serve`: teloxide's dispatcher) as its own")
    print("process against the fake Bot API, orders in PostgreSQL, and in the same invocation a bare")
    print("teloxide bot (its own process too) that only answers each press with a fixed toast, on the")
    print("same presses. Each user presses a Buy button signed for them; the presses are spread evenly")
    print("over one second, by long polling or as webhook POSTs (40 connections, like Telegram's")
    print("default). Latency runs from getUpdates handing a press to the bot (or the POST leaving) to")
    print("the bot's answerCallbackQuery reaching the fake. CPU is user+sys of the bot's process from")
    print("the first press to the last answer, per press. Each run has five rounds, each on its own")
    print("sale and 10,000 users, the bare bot and the bot in alternating order; a run's latencies are")
    print("its median round's, its counts the sum of its rounds (so 50,000 presses and 500 units).")
    print("Two runs per row: the median run by p99; in brackets the range of the p99 ratio over all")
    print("ten rounds. Answered, oversold, answered twice and told/orders mismatches are the worst of")
    print("all runs. The winners' answers wait for their durable orders; the last two columns split")
    print("the median run's latencies into the winners' p50 and the others' p99.\n")
    print("| delivery | gate | answered | won | orders in db | oversold | answered twice | told/orders mismatch | p50 ms | p99 ms | bare p50 ms | bare p99 ms | p99 / bare | CPU µs/press | bare CPU µs/press | CPU / bare | seconds | winners p50 ms | others p99 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for delivery in ("polling", "webhook"):
        for gate in ("embedded", "redis"):
            runs = load_runs(f"telegram-{delivery}-{gate}")
            if not runs:
                continue
            runs.sort(key=lambda r: r["p99_ms"])
            m = runs[len(runs) // 2]
            answered = min(min(r["answered"], r.get("baseline_answered", 0)) for r in runs)
            worst = {k: max(r[k] for r in runs) for k in ("oversold", "answered_twice", "told_vs_orders_mismatch")}
            ratios = sorted(x["p99_ratio"] for r in runs for x in r.get("per_round", []))
            ratio = f"{m['p99_ratio']}×" + (f" ({ratios[0]}–{ratios[-1]})" if len(ratios) > 1 else "")
            print(f"| {delivery} | {gate} | {answered} of {m['users']} | {m['won']} | {m['orders_in_db']} | "
                  f"{worst['oversold']} | {worst['answered_twice']} | {worst['told_vs_orders_mismatch']} | "
                  f"{m['p50_ms']} | {m['p99_ms']} | {m['baseline_p50_ms']} | {m['baseline_p99_ms']} | {ratio} | "
                  f"{m['cpu_us_per_press']} | {m['baseline_cpu_us_per_press']} | {m['cpu_ratio']}× | {m['seconds']:.2f} | "
                  f"{m.get('winners_p50_ms', '–')} | {m.get('losers_p99_ms', '–')} |")
    print()
    calibrations = []
    for delivery in ("polling", "webhook"):
        for r in load_runs(f"telegram-{delivery}-calibration"):
            rounds = sorted(x["p99_ratio"] for x in r.get("per_round", []))
            spread = f" (rounds {rounds[0]}–{rounds[-1]})" if len(rounds) > 1 else ""
            calibrations.append(f"- {delivery}: p99 / bare {r['p99_ratio']}×{spread}, CPU / bare {r['cpu_ratio']}×")
    if calibrations:
        print("The harness's own spread, from one A/A run per delivery (`--calibrate`: the bare bot in")
        print("the bot's place too, five rounds). A ratio inside it is not a difference between the bots.\n")
        print("\n".join(calibrations))
        print()


if only == "telegram":
    telegram_section()
    sys.exit(0)

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
print("_Generated by `scripts/bench.sh` (Redis and PostgreSQL on loopback, release build, a few")
print("minutes); every figure in this part comes from one run of that script on one machine._\n")
print(f"- machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}")
print(f"- {sh('redis-server --version')}")
print(f"- {sh('psql --version')}")
print(f"- client concurrency: {conc} (the same for redis-benchmark and flashsale bench)\n")
print("Orders of the real gates go to PostgreSQL through the batched order writer; the naive")
print("baseline is the brief's read, `stock -= 1`, insert, commit, also in PostgreSQL.\n")
print("`decisions/s` counts purchase attempts decided per second, from the first attempt to the")
print("gate's last decision; `answered/s` counts attempts fully answered (winners only after")
print("their order row is committed); latencies are per attempt, end to end. Repeated")
print("scenarios show the median run with the range in brackets; oversold, duplicates and")
print("errors are the worst of all runs.\n")

ratios = []
for scen, title in (("stampede", "Stampede: 10,000 buyers, 100 units, limit 1 (+10% retries, +5% duplicates)"),
                    ("bigsale", "Big sale: 20,000 buyers, 20,000 units, limit 1 (every decision sells)")):
    print(f"## {title}\n")
    print("| backend | sold | oversold | orders in db | duplicates accepted | decisions/s | answered/s | p50 µs | p99 µs | largest write batch |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = {}
    for b in ("embedded", "redis", "naive-sql"):
        r = load(f"{scen}-{b}")
        rows[b] = r
        print(f"| {b} | {r['sold']} | {r['oversold']} | {r['orders_in_db']} | {r['duplicates_accepted']} | "
              f"{rate(r)} | {r['completed_per_sec']:,.0f} | {r['p50_us']} | {r['p99_us']} | "
              f"{r['writer_largest_batch']} |")
    rps, p50, p99 = rb(scen)
    print(f"| raw redis-benchmark EVALSHA buy.lua | | | | | {rps:,.0f} | | {p50 * 1000:.0f} | {p99 * 1000:.0f} | |")
    print()
    red, naive = rows["redis"], rows["naive-sql"]
    ratios.append((scen, rps, rows))
    print(f"- redis gate vs raw `redis-benchmark` EVALSHA of the same script, same state, -c {conc}: "
          f"**{red['decisions_per_sec'] / rps:.0%}**")
    print(f"- redis gate vs naive SQL (decisions/s): **{red['decisions_per_sec'] / naive['decisions_per_sec']:.1f}×**")
    print(f"- embedded gate vs naive SQL (decisions/s): **{rows['embedded']['decisions_per_sec'] / naive['decisions_per_sec']:.1f}×**")
    print(f"- naive SQL oversold **{naive['oversold']}** units; the gates oversold {rows['embedded']['oversold']} and {red['oversold']} "
          f"(worst run); orders in db equal units sold in every gate run: "
          f"{'yes' if rows['embedded']['orders_ok'] and red['orders_ok'] else '**NO**'}.")
    print()

telegram_section()

e = load("stampede-embedded-c4000")
print("## The embedded gate with 4,000 buyers in flight\n")
print("With 64 simulated clients the first 64 attempts all win and every client waits for its")
print("commit, so the run measures commit latency more than the gate. With 4,000 in flight the")
print("losers keep coming while winners wait, as in a real stampede:\n")
print(f"- stampede, concurrency 4,000: **{rate(e)} decisions/s**, p99 {e['p99_us']} µs, "
      f"sold {e['sold']}, oversold {e['oversold']} (worst run), orders in db {e['orders_in_db']}")
print()
print()


def jsonl(name):
    path = os.path.join(raw, name)
    if not os.path.exists(path):
        return []
    return [json.loads(l) for l in open(path) if l.strip()]


print("## Ratios: ours against the physical limit and against the naive baseline\n")
print("The physical limit is raw `redis-benchmark` running the gate's own `buy.lua` (EVALSHA, same")
print("keys, same state, same client concurrency): one Redis cannot decide faster than that. The")
print("baseline is the brief's read-then-write SQL.\n")
print("| scenario | redis gate decisions/s | raw EVALSHA/s | redis gate / raw | redis gate / naive SQL | embedded / naive SQL | answered/s (redis gate) |")
print("|---|---|---|---|---|---|---|")
for scen, rps, rows in ratios:
    red, emb, naive = rows["redis"], rows["embedded"], rows["naive-sql"]
    print(f"| {scen} | {red['decisions_per_sec']:,.0f} | {rps:,.0f} | {red['decisions_per_sec'] / rps:.0%} | "
          f"{red['decisions_per_sec'] / naive['decisions_per_sec']:.1f}× | "
          f"{emb['decisions_per_sec'] / naive['decisions_per_sec']:.1f}× | "
          f"{red['completed_per_sec']:,.0f} |")
big = dict((s, r) for s, _, r in ratios).get("bigsale")
if big:
    print(f"\nThe order writer's pace into PostgreSQL is the big sale's answered/s, where every decision")
    print(f"sells and is answered only after its row commits: **{big['redis']['completed_per_sec']:,.0f} orders/s**")
    print(f"(redis gate), **{big['embedded']['completed_per_sec']:,.0f} orders/s** (embedded gate), against")
    print(f"{big['naive-sql']['completed_per_sec']:,.0f}/s for the naive baseline.")
print()

sweep = jsonl("sweep.jsonl")
if sweep:
    print("## Throughput and p99 against concurrency\n")
    print("A stampede (5,000 buyers, 100 units; 2,000 buyers for naive SQL) at each client concurrency,")
    print("one run per point; drawn by `flashsale plot` into `docs/bench-plot.png`.\n")
    print("![decisions/s and p99 against concurrency](bench-plot.png)\n")
    print("| backend | concurrency | decisions/s | p99 µs | oversold |")
    print("|---|---|---|---|---|")
    for r in sweep:
        print(f"| {r['backend']} | {r['concurrency']} | {r['decisions_per_sec']:,.0f} | {r['p99_us']} | {r['oversold']} |")
    print()

ann = jsonl("announce.json")
if ann:
    print("## Broadcast pace (`flashsale bench-announce`)\n")
    print("| figure | value |")
    print("|---|---|")
    for k, v in ann[0].items():
        print(f"| {k} | {v} |")
    print()

so = jsonl("stock-overview.json")
if so:
    s = so[0]
    print("## `/stock` with 50 live sales\n")
    print(f"`cargo bench --bench stock_overview`: an admin's `/stock` through the real assistant, 50 live")
    print(f"sales with 20 orders each in {s['backend']}, {s['runs']} answers: p50 **{s['p50_ms']:.1f} ms**,")
    print(f"p99 **{s['p99_ms']:.1f} ms**, max {s['max_ms']:.1f} ms (issue target: under 100 ms).\n")

sc = jsonl("scale.json")
if sc:
    s = sc[0]
    print("## Scale-out: three `serve` processes, one Redis, one PostgreSQL\n")
    print("`flashsale bench-scale`: three `flashsale serve` processes in webhook mode, webhook POSTs")
    print("round-robin, the fake Bot API answering; see docs/scaling.md for the capacity model.\n")
    print("| instances | users | stock | answered | won | orders in db | mismatch | CPU µs/decision per instance | Redis calls/press | p50 ms | p99 ms | hammer: answered of sent (allowed) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {s['instances']} | {s['users']} | {s['stock']} | {s['answered']} | {s['won']} | {s['orders_in_db']} | "
          f"{s['told_vs_orders_mismatch']} | {' / '.join(str(x) for x in s['cpu_us_per_decision'])} | "
          f"{s['redis_calls_per_press']} | {s['p50_ms']} | {s['p99_ms']} | "
          f"{s['hammer_answered']} of {s['hammer_sent']} ({s['hammer_allowed']}) |")
    print()
    print("Redis calls during the stampede, by command: " +
          ", ".join(f"{k} {v}" for k, v in sorted(s["redis_calls_by_command"].items(), key=lambda kv: -kv[1])) + "\n")

shards = jsonl("shards.jsonl") + jsonl("shards-thin.jsonl")
if shards:
    print("## One hot sale over K Redis shards (`flashsale bench-shards`)\n")
    print("| routing | buckets | stock | buyers | sold | refused while units left | unsold after refusals | early arrivals' win rate | last winner's rank / stock | Redis calls per buyer |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in shards:
        print(f"| {r['routing']} | {r['buckets']} | {r['stock']} | {r['buyers']} | {r['sold']:,.0f} | "
              f"{r['refused_while_units_left']:,.1f} | {r['unsold_after_refusals']:,.1f} | "
              f"{r['early_win_rate']:.1%} | {r['last_winner_rank']:.2f} | {r['calls_per_buyer']:.2f} |")
    print()
