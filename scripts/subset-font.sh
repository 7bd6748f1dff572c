#!/usr/bin/env bash
# Regenerates assets/fonts/chart-sans.ttf, the font charts are drawn with (src/chart/): a
# subset of WenQuanYi Micro Hei holding printable ASCII, a little punctuation and every
# character the chart labels (`stats-chart-*`, `plot-*` keys in locales/*/*.ftl) use.
# Run it after changing those labels; commit the result (tens of KB).
#   scripts/subset-font.sh                     # source: the fonts-wqy-microhei package
#   FONT_SOURCE=/path/font.ttc scripts/subset-font.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${FONT_SOURCE:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}
OUT=assets/fonts/chart-sans.ttf
[ -f "$SRC" ] || { echo "font not found: $SRC (apt-get install fonts-wqy-microhei, or set FONT_SOURCE)"; exit 1; }
command -v pyftsubset >/dev/null || { echo "pyftsubset not found: pip install fonttools"; exit 1; }
TEXT=$(python3 - <<'PY'
import glob, re
chars = set()
for path in glob.glob("locales/*/*.ftl"):
    for line in open(path, encoding="utf-8"):
        m = re.match(r"(stats-chart-|plot-)[\w-]* = (.*)", line)
        if m:
            chars.update(c for c in m.group(2) if ord(c) > 0x7e)
# Full-width punctuation a translated label may gain later.
chars.update("：，。（）、·—…×")
print("".join(sorted(chars)))
PY
)
pyftsubset "$SRC" --font-number=0 --unicodes='U+0020-007E' --text="$TEXT" \
  --layout-features='' --no-hinting --desubroutinize --output-file="$OUT"
echo "wrote $OUT ($(wc -c < "$OUT") bytes) for: $TEXT" >&2
