#!/usr/bin/env bash
# Renders every SVG of a report folder to PNG, so the plots can be looked at as a reader sees
# them (not only read as XML), and fails on the first SVG a renderer rejects.
#
#   scripts/render-plots.sh [DIR [OUT]]
#
#   DIR   a folder `kinkcheck report` (or `samples --report`) wrote (default Reports)
#   OUT   where the PNGs go, one NAME.png per NAME.svg (default a new folder under /tmp,
#         printed at the end); the folder is created, existing PNGs in it are replaced
#
# Renderer: rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin), else cairosvg from
# $RENDER_VENV (default /tmp/venv-render; `python3 -m venv /tmp/venv-render &&
# /tmp/venv-render/bin/pip install cairosvg`). Besides a non-zero exit of the renderer, an
# empty PNG or one that is not a PNG fails. Exit status: 0 every SVG rendered, 1 one failed,
# 2 no renderer or no SVG.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
dir=${1:-Reports}
out=${2:-$(mktemp -d /tmp/render-plots.XXXXXX)}
[ -d "$dir" ] || { echo "render-plots.sh: '$dir' is not a folder" >&2; exit 2; }
mkdir -p "$out"

venv=${RENDER_VENV:-/tmp/venv-render}
if command -v rsvg-convert >/dev/null; then
    render() { rsvg-convert --format png --output "$2" "$1"; }
    renderer=rsvg-convert
elif [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import cairosvg' 2>/dev/null; then
    render() { "$venv/bin/python" -c 'import sys, cairosvg; cairosvg.svg2png(url=sys.argv[1], write_to=sys.argv[2])' "$1" "$2"; }
    renderer=cairosvg
else
    echo "render-plots.sh: no renderer: install librsvg2-bin (rsvg-convert), or cairosvg into $venv" >&2
    exit 2
fi

shopt -s nullglob
svgs=("$dir"/*.svg)
[ ${#svgs[@]} -gt 0 ] || { echo "render-plots.sh: no .svg in '$dir'" >&2; exit 2; }
failed=0
for svg in "${svgs[@]}"; do
    png="$out/$(basename "${svg%.svg}").png"
    if ! render "$svg" "$png" 2>"$out/.stderr"; then
        echo "render-plots.sh: $renderer failed on $svg: $(head -c 300 "$out/.stderr")" >&2
        failed=1
    elif [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
        echo "render-plots.sh: $renderer wrote no PNG for $svg" >&2
        failed=1
    fi
done
rm -f "$out/.stderr"
echo "rendered ${#svgs[@]} SVGs with $renderer into $out$([ $failed = 0 ] || echo ' (with failures)')"
exit $failed
