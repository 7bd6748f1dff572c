#!/usr/bin/env bash
# Regenerates assets/fonts/chart-sans.ttf, the font charts are drawn with (src/chart/): a
# subset of WenQuanYi Micro Hei holding printable ASCII and Latin-1, common punctuation, the
# 3,755 common hanzi of GB2312 level 1 (so product names can go into chart titles) and every
# character the chart labels (`stats-chart-*` keys in locales/*/*.ftl) use.
#
# Its metrics are then normalised for plotters: plotters' ab_glyph text drawing places each
# glyph's ink at the pen position and ignores the left side bearing, which letter-spaced
# Latin text ("t he sale st art ed"). Every glyph's outline is shifted so that its left side
# bearing is one constant and its advance grows or shrinks by the same amount: the ink gaps
# plotters draws are then exactly the ones the font designer intended.
# Run it after changing those labels; commit the result.
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
# Full-width punctuation a translated label or a product name may hold.
chars.update("：，。（）、·—…×“”‘’《》【】！？；～")
# GB2312 level 1: the common hanzi product names are written with.
for hi in range(0xB0, 0xD8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
print("".join(sorted(chars)))
PY
)
pyftsubset "$SRC" --font-number=0 --unicodes='U+0020-007E,U+00A0-00FF' --text="$TEXT" \
  --layout-features='' --no-hinting --desubroutinize --output-file="$OUT"
python3 - "$OUT" <<'PY'
import statistics, sys
from fontTools.ttLib import TTFont

path = sys.argv[1]
font = TTFont(path)
glyf, hmtx, cmap = font["glyf"], font["hmtx"], font.getBestCmap()
latin = [cmap[ord(c)] for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"]
for name in latin:
    glyf[name].recalcBounds(glyf)
bearing = round(statistics.median(glyf[n].xMin for n in latin))
moved = {}

def normalise(name):
    """Moves one glyph's ink to start at `bearing`; returns by how much (parts first)."""
    if name in moved:
        return moved[name]
    moved[name] = 0
    glyph = glyf[name]
    if glyph.numberOfContours == 0:
        return 0
    if glyph.isComposite():
        # A part moved on its own account: move it back within this glyph.
        for part in glyph.components:
            part.x -= normalise(part.glyphName)
    glyph.recalcBounds(glyf)
    shift = bearing - glyph.xMin
    if glyph.isComposite():
        for part in glyph.components:
            part.x += shift
    else:
        glyph.coordinates.translate((shift, 0))
    glyph.recalcBounds(glyf)
    advance, _ = hmtx[name]
    hmtx[name] = (max(0, advance + shift), bearing)
    moved[name] = shift
    return shift

for name in font.getGlyphOrder():
    normalise(name)
font.save(path)
print(f"left side bearings set to {bearing} units", file=sys.stderr)
PY
echo "wrote $OUT ($(wc -c < "$OUT") bytes)" >&2
