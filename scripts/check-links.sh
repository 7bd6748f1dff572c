#!/usr/bin/env bash
# Checks every relative link in README.md and docs/*.md: the file it names must exist, and
# a #fragment into a Markdown file must name one of its headings (GitHub's anchor rules).
# Web links are not fetched. Exit 1 and one line per broken link when any is broken.
#   scripts/check-links.sh                 # README.md and docs/*.md
#   scripts/check-links.sh some/file.md    # only these files
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- README.md docs/*.md; fi
python3 - "$@" <<'EOF'
import os, re, sys

def anchors(path):
    seen, out, fence = {}, set(), False
    for line in open(path, encoding="utf-8"):
        if line.lstrip().startswith("```"):
            fence = not fence
        if fence:
            continue
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out

broken = 0
for src in sys.argv[1:]:
    fence = False
    for no, line in enumerate(open(src, encoding="utf-8"), 1):
        if line.lstrip().startswith("```"):
            fence = not fence
        if fence:
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", re.sub(r"`[^`]*`", "", line)):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue
            path, _, frag = target.partition("#")
            full = os.path.normpath(os.path.join(os.path.dirname(src), path)) if path else src
            problem = None
            if not os.path.exists(full):
                problem = "no such file"
            elif frag and full.endswith(".md") and frag not in anchors(full):
                problem = f"no heading #{frag} in {full}"
            if problem:
                print(f"{src}:{no}: {target}: {problem}")
                broken += 1
sys.exit(1 if broken else 0)
EOF
