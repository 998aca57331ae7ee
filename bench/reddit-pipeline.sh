#!/usr/bin/env bash
# The Reddit-scale job behind docs/results.md and docs/datasets.md, each step its own process under /usr/bin/time -v
# (wall time and peak RSS):
#   1. cgcn generate --preset reddit         the seeded Reddit-shaped dataset as .npy files
#   2. cgcn info (first load)                 parse and validate the .npy files, write the memory-mapped store
#   3. cgcn info (second load)                map the store: load seconds and managed heap
#   4. cgcn train --dataset (PyG's recipe)    partition (1500 clusters) + EPOCHS epochs + layer-wise inference
# usage: bench/reddit-pipeline.sh      environment: OUT=/tmp/reddit-pipeline  EPOCHS=30  DEVICE=cpu  KEEP=0 (1 keeps the data)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/reddit-pipeline}
EPOCHS=${EPOCHS:-30}
DEVICE=${DEVICE:-cpu}
mkdir -p "$OUT"
dotnet build Engine.Cli -c Release --nologo -v quiet >/dev/null
CGCN=$PWD/Engine.Cli/bin/Release/net10.0/cgcn
DATA=$OUT/reddit

step() { # name, command...: runs it timed, keeps its output and /usr/bin/time report, prints wall time and peak RSS
    local name=$1; shift
    echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg)): $*" >&2
    /usr/bin/time -v -o "$OUT/$name.time" "$@" >"$OUT/$name.log"
    awk -F': ' -v name="$name" '/Elapsed \(wall clock\)/ { wall = $2 } /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "%s: wall %s, peak RSS %.0f MB\n", name, wall, rss }' "$OUT/$name.time" | tee -a "$OUT/summary.txt"
}

rm -rf "$DATA" "$OUT/summary.txt"
step generate "$CGCN" generate --preset reddit --seed 1 --out "$DATA" --json "$OUT/generate.json"
step convert "$CGCN" info "$DATA" --json "$OUT/convert.json"
step load "$CGCN" info "$DATA" --json "$OUT/load.json"
step train "$CGCN" train --dataset "$DATA" --device "$DEVICE" --epochs "$EPOCHS" --json "$OUT/train.json" --model-out "$OUT/reddit-sage"
grep -E "load|heap|store" "$OUT/load.log" | head -5
tail -4 "$OUT/train.log"
[ "${KEEP:-0}" = 1 ] || rm -rf "$DATA"
