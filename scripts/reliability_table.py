"""Sums the per-run JSON lines of the fault tests into the table of docs/reliability.md."""
import json
import sys
from collections import OrderedDict

rows = OrderedDict()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        t = rows.setdefault(r["scenario"], {"runs": 0, "sold": 0, "oversold": 0, "lost": 0,
                                            "duplicates": 0, "stranded": 0, "unnotified": 0,
                                            "secs": 0.0})
        t["runs"] += 1
        for k in ("sold", "oversold", "lost", "duplicates", "stranded", "unnotified", "secs"):
            t[k] += r.get(k, 0)

print("| scenario | runs | sold | oversold | lost | duplicates | stranded, given back | winners not told | mean s/run |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
# Only the Bot API storm can fail to tell a winner; elsewhere the column is not measured.
MEASURES_TELLING = {"bot-api-storm"}
for name, t in rows.items():
    told = t["unnotified"] if name in MEASURES_TELLING else "—"
    print(f"| {name} | {t['runs']} | {t['sold']} | {t['oversold']} | {t['lost']} | {t['duplicates']} "
          f"| {t['stranded']} | {told} | {t['secs'] / t['runs']:.1f} |")
