#!/usr/bin/env bash
# folio side by side with its peers on the benchmark volumes.
#
#   bench/compare.sh [--quick] [--runs N] [--pairs N] [--sizes "1 20 150"] [--work DIR]
#
# Makes the 1-, 20- and 150-report volumes with bench/gen_corpus.py (the same content as
# web-report text, Markdown and Typst markup; the last two also carry each report's one
# or two tables, which web-report text has no syntax for), builds folio (`cargo build
# --release --locked`), installs the peers when they are missing (pandoc 3 from PyPI's
# pypandoc-binary, Typst with `cargo install typst-cli --locked`, GNU time from Debian),
# and times, as the median of RUNS runs after one untimed warm-up, with the peak resident
# memory of each:
#
#   folio  PDF, EPUB, JATS, all three at once     from the .txt reports
#   folio  PDF                                    from the .md (with tables and figures)
#   Typst  PDF                                    from the .typ of the same volume
#   pandoc EPUB, JATS                             from the .md of the same volume
#   folio  web site                               from the .txt reports, and the .md
#   pandoc HTML (standalone)                      from the .md of the same volume
#
# It prints one Markdown table of times, memory and ratios (the peer's time over folio's,
# and each tool's 150-report time over its 20-report time), then the targets of the
# 150-report volume, met or not. With both the 20- and the 150-report volumes, folio's
# PDF and its three editions are then run PAIRS times more on the two volumes in turn,
# so that both see the same load on the machine, and the target of the 150/20 ratio is
# judged on the median of those pairs' ratios (the table's ratio divides medians taken
# minutes apart, which a busy machine moves by a tenth).
#
# Knobs (flags win over the environment): RUNS (default 3), PAIRS (default 10; 0 for
# none), SIZES (default "1 20 150"), WORK (default a new temporary folder, removed at
# the end unless given), WARMUP (1 or 0), PANDOC and TYPST (the peers' binaries),
# TYPST_VERSION (the version `cargo install` asks for; default the newest). --quick is
# RUNS=1, WARMUP=0, PAIRS=0.
set -euo pipefail

usage() {
    sed -n '2,/^set -e/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'
}

RUNS=${RUNS:-3}
PAIRS=${PAIRS:-10}
SIZES=${SIZES:-"1 20 150"}
WARMUP=${WARMUP:-1}
WORK=${WORK:-}
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) RUNS=1 WARMUP=0 PAIRS=0 ;;
        --runs) RUNS=${2:?--runs needs a number}; shift ;;
        --pairs) PAIRS=${2:?--pairs needs a number}; shift ;;
        --sizes) SIZES=${2:?--sizes needs a list such as "20 150"}; shift ;;
        --work) WORK=${2:?--work needs a folder}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in ''|*[!0-9]*|0) echo "compare.sh: RUNS must be a positive number" >&2; exit 2 ;; esac
case "$PAIRS" in ''|*[!0-9]*) echo "compare.sh: PAIRS must be a number" >&2; exit 2 ;; esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/folio-bench.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
: > "$WORK/volumes.tsv"

say() { printf '==> %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------

TIME=/usr/bin/time
if ! "$TIME" -f '%e' true 2>/dev/null; then
    say "installing GNU time"
    if [ "$(id -u)" -ne 0 ]; then
        echo "compare.sh: GNU time is missing: apt-get install time (as root)" >&2
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2
fi

find_pandoc() {
    python3 - <<'EOF' 2>/dev/null
import os, pypandoc
for p in (os.path.join(os.path.dirname(pypandoc.__file__), "files", "pandoc"),):
    if os.access(p, os.X_OK):
        print(p)
        raise SystemExit
print(pypandoc.get_pandoc_path())
EOF
}
pandoc_major() { "$1" --version 2>/dev/null | sed -n '1s/^pandoc[^0-9]*\([0-9]*\)\..*/\1/p'; }
if [ -z "${PANDOC:-}" ]; then
    PANDOC=$(find_pandoc || true)
    if [ -z "$PANDOC" ] || [ "$(pandoc_major "$PANDOC")" != 3 ]; then
        say "installing pandoc 3 (PyPI pypandoc-binary)"
        python3 -m pip install --quiet 'pypandoc-binary>=1.13' >&2
        PANDOC=$(find_pandoc)
    fi
fi
[ "$(pandoc_major "$PANDOC")" = 3 ] || { echo "compare.sh: $PANDOC is not pandoc 3" >&2; exit 1; }

if [ -z "${TYPST:-}" ]; then
    TYPST=$(command -v typst || true)
    [ -n "$TYPST" ] || [ ! -x "$HOME/.cargo/bin/typst" ] || TYPST=$HOME/.cargo/bin/typst
    if [ -z "$TYPST" ]; then
        say "installing Typst (cargo install typst-cli --locked; several minutes)"
        cargo install typst-cli --locked ${TYPST_VERSION:+--version "$TYPST_VERSION"} >&2
        TYPST=$HOME/.cargo/bin/typst
    fi
fi

say "building folio (cargo build --release --locked)"
cargo build --release --locked >&2
FOLIO="$ROOT/target/release/folio"

say "$("$FOLIO" --version 2>/dev/null || echo folio), $("$TYPST" --version | head -n1), $("$PANDOC" --version | head -n1)"
say "$(nproc) cores; median of $RUNS run(s)$([ "$WARMUP" = 1 ] && echo ' after a warm-up')"

# --- measuring ---------------------------------------------------------------------

# elapsed START END: the seconds from one `date +%s.%N` to the other.
elapsed() {
    python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.4f}")' "$1" "$2"
}

# measure SIZE TOOL EDITION OUTPUT COMMAND...: runs COMMAND, which writes into $OUT
# (emptied before each run) a file named OUTPUT (a pattern), and records each run's wall
# time and peak resident memory.
measure() {
    local size=$1 tool=$2 edition=$3 output=$4
    shift 4
    local runs=$RUNS run start end seconds kilobytes
    [ "$WARMUP" = 1 ] && runs=$((RUNS + 1))
    for ((run = 1; run <= runs; run++)); do
        rm -rf "$OUT" && mkdir -p "$OUT"
        start=$(date +%s.%N)
        if ! "$TIME" -f '%M' -o "$WORK/time" "$@" > "$WORK/log" 2>&1; then
            echo "compare.sh: failed ($tool $edition, $size reports): $*" >&2
            cat "$WORK/log" >&2
            exit 1
        fi
        end=$(date +%s.%N)
        if ! compgen -G "$OUT/$output" > /dev/null || [ ! -s "$(compgen -G "$OUT/$output" | head -n1)" ]; then
            echo "compare.sh: $tool wrote no $output: $*" >&2
            exit 1
        fi
        if [ "$WARMUP" = 1 ] && [ "$run" = 1 ]; then
            continue
        fi
        seconds=$(elapsed "$start" "$end")
        kilobytes=$(tail -n 1 "$WORK/time")
        printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$edition" "$seconds" "$kilobytes" >> "$RESULTS"
        printf '    %-6s %-5s run %d: %s s, %s MB\n' "$tool" "$edition" "$run" "$seconds" "$((kilobytes / 1024))" >&2
    done
}

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p' || true; }

for size in $SIZES; do
    VOL="$WORK/vol$size"
    OUT="$WORK/out"
    python3 bench/gen_corpus.py --reports "$size" --seed-file examples/north-korea.txt --out "$VOL" > /dev/null
    counts=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print("{:,} words, {:,} notes".format(m["body_words"] + m["endnote_words"], m["endnotes"]))' "$VOL/manifest.json")
    say "$size report(s): $counts"
    folio=("$FOLIO" export "$VOL"/reports/*.txt -o "$OUT")
    measure "$size" folio pdf '*.pdf' "${folio[@]}" --to pdf
    folio_pages=$(pages "$OUT"/*.pdf)
    measure "$size" folio epub '*.epub' "${folio[@]}" --to epub
    measure "$size" folio jats '*.jats.xml' "${folio[@]}" --to jats
    measure "$size" folio all '*.jats.xml' "${folio[@]}" --to pdf,epub,jats
    # the same volume as Typst's, tables and figures and all: its Markdown
    measure "$size" folio pdfmd '*.pdf' "$FOLIO" export "$VOL/publication.md" -o "$OUT" --to pdf
    measure "$size" typst pdf vol.pdf "$TYPST" compile "$VOL/publication.typ" "$OUT/vol.pdf"
    typst_pages=$(pages "$OUT/vol.pdf")
    measure "$size" pandoc epub vol.epub "$PANDOC" -f markdown "$VOL/publication.md" -o "$OUT/vol.epub"
    measure "$size" pandoc jats vol.xml "$PANDOC" -f markdown -t jats -s "$VOL/publication.md" -o "$OUT/vol.xml"
    # the web edition: the site from the reports, and from the Markdown beside pandoc's
    # standalone HTML of the same Markdown
    measure "$size" folio html '*/index.html' "${folio[@]}" --to html
    measure "$size" folio htmlmd '*/index.html' "$FOLIO" export "$VOL/publication.md" -o "$OUT" --to html
    measure "$size" pandoc htmlmd vol.html "$PANDOC" -f markdown -t html -s "$VOL/publication.md" -o "$OUT/vol.html"
    words=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(m["body_words"] + m["endnote_words"])' "$VOL/manifest.json")
    printf '%s\t%s; PDF pages: folio %s, Typst %s\t%s\n' "$size" "$counts" "${folio_pages:-?}" "${typst_pages:-?}" "$words" >> "$WORK/volumes.tsv"
done

# --- folio's 150/20, the two volumes in turn ----------------------------------------

PAIRED="$WORK/pairs.tsv"
: > "$PAIRED"
if [ "$PAIRS" -gt 0 ] && [[ " $SIZES " == *" 20 "* && " $SIZES " == *" 150 "* ]]; then
    say "folio on the 20- and 150-report volumes in turn, $PAIRS pairs"
    OUT="$WORK/out"
    for edition in pdf all; do
        to=$edition
        [ "$edition" = all ] && to=pdf,epub,jats
        for ((pair = 1; pair <= PAIRS; pair++)); do
            for size in 20 150; do
                rm -rf "$OUT" && mkdir -p "$OUT"
                start=$(date +%s.%N)
                "$FOLIO" export "$WORK/vol$size"/reports/*.txt -o "$OUT" --to "$to" > "$WORK/log" 2>&1 || {
                    echo "compare.sh: folio failed ($to, $size reports)" >&2
                    cat "$WORK/log" >&2
                    exit 1
                }
                end=$(date +%s.%N)
                printf '%s\t%s\t%s\t%s\n' "$edition" "$pair" "$size" "$(elapsed "$start" "$end")" >> "$PAIRED"
            done
        done
    done
fi

# --- the table ---------------------------------------------------------------------

python3 - "$RESULTS" "$(nproc)" "$RUNS" "$WORK/volumes.tsv" "$PAIRED" <<'EOF'
import statistics, sys
from collections import defaultdict

print()
words = {}
for line in open(sys.argv[4]):
    size, text, count = line.rstrip("\n").split("\t")
    words[int(size)] = int(count)
    print(f"{size} report(s): {text}")

rows = defaultdict(lambda: ([], []))
for line in open(sys.argv[1]):
    size, tool, edition, seconds, kb = line.split()
    rows[int(size), tool, edition][0].append(float(seconds))
    rows[int(size), tool, edition][1].append(int(kb) / 1024)
med = {k: (statistics.median(t), statistics.median(m)) for k, (t, m) in rows.items()}
sizes = sorted({k[0] for k in med})
peer = {"pdf": "typst", "pdfmd": "typst", "epub": "pandoc", "jats": "pandoc", "all": None,
        "html": None, "htmlmd": "pandoc"}
names = {"pdf": "PDF", "pdfmd": "PDF from Markdown", "epub": "EPUB", "jats": "JATS",
         "all": "PDF + EPUB + JATS", "html": "Web site", "htmlmd": "Web site from Markdown"}
# Typst's time is the same row for folio's PDF from either form of the volume
for (size, tool, edition), v in list(med.items()):
    if tool == "typst":
        med[size, tool, "pdfmd"] = v

def secs(t): return f"{t:.3f}" if t < 1 else f"{t:.2f}" if t < 10 else f"{t:.1f}"
def ratio(a, b): return f"{a / b:.1f}×" if b > 0 else "–"
def scale(tool, edition, size):
    if size != 150 or (20, tool, edition) not in med:
        return "–"
    return f"{med[150, tool, edition][0] / med[20, tool, edition][0]:.1f}×"

print(f"\n{sys.argv[3]} run(s) each, median; {sys.argv[2]} cores; memory is peak resident set\n")
print("| edition | reports | folio | folio memory | peer | peer time | peer memory "
      "| folio faster | folio 150/20 | peer 150/20 |")
print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
for edition in ["pdf", "pdfmd", "epub", "jats", "all", "html", "htmlmd"]:
    for size in sizes:
        if (size, "folio", edition) not in med:
            continue
        t, m = med[size, "folio", edition]
        p = peer[edition]
        if p and (size, p, edition) in med:
            pt, pm = med[size, p, edition]
            peer_cols = f"{p} | {secs(pt)} s | {pm:.0f} MB | {ratio(pt, t)}"
        else:
            peer_cols = "– | – | – | –"
        print(f"| {names[edition]} | {size} | {secs(t)} s | {m:.0f} MB | {peer_cols} "
              f"| {scale('folio', edition, size)} | {scale(p, edition, size) if p else '–'} |")

if 150 in sizes:
    print("\nTargets on the 150-report volume:")
    def check(ok, text): print(f"  [{'met' if ok else 'NOT met'}] {text}")
    f = lambda e: med[150, "folio", e]
    check(med[150, "typst", "pdf"][0] / f("pdf")[0] >= 10,
          f"PDF at least 10x faster than Typst: {ratio(med[150, 'typst', 'pdf'][0], f('pdf')[0])}")
    check(f("pdf")[1] <= 250, f"PDF at most 250 MB: {f('pdf')[1]:.0f} MB")
    check(med[150, "typst", "pdf"][0] / f("pdfmd")[0] >= 15,
          f"PDF from the Markdown (tables and figures, as Typst's) at least 15x faster than "
          f"Typst: {ratio(med[150, 'typst', 'pdf'][0], f('pdfmd')[0])}")
    check(f("pdfmd")[1] <= 150, f"PDF from the Markdown at most 150 MB: {f('pdfmd')[1]:.0f} MB")
    check(med[150, "pandoc", "epub"][0] / f("epub")[0] >= 30,
          f"EPUB at least 30x faster than pandoc: {ratio(med[150, 'pandoc', 'epub'][0], f('epub')[0])}")
    check(med[150, "pandoc", "jats"][0] / f("jats")[0] >= 50,
          f"JATS at least 50x faster than pandoc: {ratio(med[150, 'pandoc', 'jats'][0], f('jats')[0])}")
    check(f("all")[0] < 2, f"all three editions in one run under 2 s: {secs(f('all')[0])} s")
    check(f("html")[0] < 0.3, f"the web site under 0.3 s: {secs(f('html')[0])} s")
    check(med[150, "pandoc", "htmlmd"][0] / f("htmlmd")[0] >= 10,
          f"the web site from the Markdown at least 10x faster than pandoc's HTML: "
          f"{ratio(med[150, 'pandoc', 'htmlmd'][0], f('htmlmd')[0])} "
          f"({secs(f('htmlmd')[0])} s)")
    if 20 in sizes:
        # the content does not grow with the reports alone: say how much it grew
        grown = words[150] / words[20] if words.get(20) else float("nan")
        # the ratios of the pairs run in turn, where there are any
        pairs = defaultdict(dict)
        for line in open(sys.argv[5]):
            edition, pair, size, seconds = line.split()
            pairs[edition, pair][int(size)] = float(seconds)
        for e in ["pdf", "epub", "jats", "all"]:
            s = f(e)[0] / med[20, "folio", e][0]
            how = "the table's medians"
            paired = [p[150] / p[20] for (pe, _), p in pairs.items() if pe == e and len(p) == 2]
            if paired:
                how = (f"median of {len(paired)} pairs run in turn, from "
                       f"{min(paired):.2f}× to {max(paired):.2f}×; the table's medians {s:.2f}×")
                s = statistics.median(paired)
            check(s <= 8, f"{names[e]}: 150 reports at most 8x the 20: {s:.2f}× ({how}; "
                          f"for {grown:.1f}× the words: {s / grown:.2f}× the time per word)")
EOF
