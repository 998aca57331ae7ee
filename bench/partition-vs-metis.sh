#!/usr/bin/env bash
# Compares `cgcn partition` with Debian's gpmetis (METIS 5.1) on the same METIS graph files.
#
# For every graph and k, both tools run as separate processes under /usr/bin/time -v (wall time and peak RSS,
# file reading included for both), each writing its partition file and printing its report, and both partitions are
# then measured by an untimed `cgcn partition --evaluate`, so the cut, imbalance and kept-edge fraction of both come
# from the same code. Prints a markdown table and saves it to $WORK/results.md.
#
# usage: bench/partition-vs-metis.sh [GRAPH...]
#   GRAPH: sbm-100k, sbm-reddit, mesh2d-N, mesh3d-N, planted-N
#          (default: sbm-100k sbm-reddit mesh2d-1000 mesh3d-100 planted-1000000)
# environment:
#   KS="64 1500"   block counts        SEED=1      seed of both partitioners (graphs use --graph-seed 1)
#   THREADS=0      cgcn threads (0 = one per core)
#   CGCN_FLAGS=""  extra cgcn partition flags, e.g. "--lean"; its files and rows are then named cgcn--lean
#   WORK=/tmp/partition-vs-metis       generated graphs (the Reddit-scale one is ~750 MB), partitions, logs
#   REUSE_GPMETIS="sbm-reddit"        graphs whose gpmetis results from an earlier run in $WORK are reused when
#                                      they are newer than the graph file (gpmetis takes ~190 s at k = 1500 there)
#   READY_TO_RUN=1                     cgcn as shipped: published with its code compiled ahead of time, as gpmetis is,
#                                      so start-up does not JIT the reader and the partitioner; 0 runs the plain build
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -gt 0 ]; then GRAPHS=("$@"); else GRAPHS=(sbm-100k sbm-reddit mesh2d-1000 mesh3d-100 planted-1000000); fi
KS=${KS:-"64 1500"}
SEED=${SEED:-1}
THREADS=${THREADS:-0}
CGCN_FLAGS=${CGCN_FLAGS:-}
CGCN_NAME=cgcn${CGCN_FLAGS// /}   # e.g. cgcn--lean, so runs with other flags never overwrite each other
WORK=${WORK:-/tmp/partition-vs-metis}
UFACTOR=30 # gpmetis's allowed imbalance in thousandths: 1.03, our --imbalance 0.03

install() { # Debian packages, as root or through sudo
    local run=(); [ "$(id -u)" -eq 0 ] || run=(sudo)
    "${run[@]}" apt-get update -qq && "${run[@]}" apt-get install -y -qq "$@" >/dev/null
}
command -v gpmetis >/dev/null || install metis
[ -x /usr/bin/time ] || install time
command -v jq >/dev/null || install jq

mkdir -p "$WORK"
if [ "${READY_TO_RUN:-1}" = 1 ]; then
    dotnet publish Engine.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/cgcn-r2r" --nologo -v quiet >/dev/null
    CGCN=$WORK/cgcn-r2r/cgcn
else
    dotnet build Engine.Cli -c Release --nologo -v quiet >/dev/null
    CGCN=$PWD/Engine.Cli/bin/Release/net10.0/cgcn
fi

# Seconds and peak MB from a /usr/bin/time -v report: "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50".
wall_seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }
metric() { jq -r "$1" "$2"; }

ROWS=()
row() { ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$@")"); }

for graph in "${GRAPHS[@]}"; do
    file=$WORK/$graph.graph
    if [ ! -s "$file" ]; then
        echo "generating $graph -> $file" >&2
        "$CGCN" partition --generate "$graph" --graph-seed 1 --write-graph "$file" >&2
    fi
    for k in $KS; do
        base=$WORK/$graph.k$k
        if [[ " ${REUSE_GPMETIS:-} " == *" $graph "* && "$base.gpmetis.part" -nt "$file" && -s "$base.gpmetis.time" && -s "$base.gpmetis.log" ]]; then
            echo "$graph, k = $k: gpmetis (reusing $base.gpmetis.*)" >&2
        else
            echo "$graph, k = $k: gpmetis" >&2
            /usr/bin/time -v -o "$base.gpmetis.time" gpmetis -ptype=kway -ufactor=$UFACTOR -seed="$SEED" "$file" "$k" >"$base.gpmetis.log"
            mv "$file.part.$k" "$base.gpmetis.part"
        fi
        "$CGCN" partition --graph "$file" --parts "$k" --evaluate "$base.gpmetis.part" --json "$base.gpmetis.json" >/dev/null
        metis_part=$(awk '/Partitioning:/ { print $2 }' "$base.gpmetis.log")

        echo "$graph, k = $k: cgcn (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
        # shellcheck disable=SC2086 # CGCN_FLAGS is a list of flags
        /usr/bin/time -v -o "$base.$CGCN_NAME.time" "$CGCN" partition --graph "$file" --parts "$k" --seed "$SEED" \
            --imbalance 0.03 --threads "$THREADS" $CGCN_FLAGS --out "$base.$CGCN_NAME.part" >"$base.$CGCN_NAME.log"
        "$CGCN" partition --graph "$file" --parts "$k" --evaluate "$base.$CGCN_NAME.part" --json "$base.$CGCN_NAME.json" >/dev/null
        cgcn_part=$(awk '/^seconds:/ { for (i = 1; i < NF; i++) if ($i == "partition") { v = $(i + 1); sub(",", "", v); print v } }' "$base.$CGCN_NAME.log")

        for tool in gpmetis "$CGCN_NAME"; do
            json=$base.$tool.json
            if [ $tool = gpmetis ]; then part_s=$metis_part; else part_s=$cgcn_part; fi
            row "$graph" "$k" "$tool" "$(wall_seconds "$base.$tool.time")" "$(printf '%.3f' "$part_s")" \
                "$(peak_mb "$base.$tool.time")" "$(metric '.edgeCut' "$json")" \
                "$(printf '%.4f' "$(metric '.imbalance' "$json")")" "$(printf '%.4f' "$(metric '.keptEdgeFraction' "$json")")"
        done
        ratio_cut=$(jq -rn --slurpfile a "$base.$CGCN_NAME.json" --slurpfile b "$base.gpmetis.json" '($a[0].edgeCut / ($b[0].edgeCut | if . == 0 then 1 else . end)) * 1000 | round / 1000')
        ratio_time=$(awk -v a="$(wall_seconds "$base.$CGCN_NAME.time")" -v b="$(wall_seconds "$base.gpmetis.time")" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.01) }')
        row "$graph" "$k" "$CGCN_NAME / gpmetis" "$ratio_time" "" "" "$ratio_cut" "" ""
    done
done

{
    echo "| graph | k | tool | seconds (wall) | partition s | peak MB | cut | imbalance | kept-edge fraction |"
    echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "gpmetis -ptype=kway -ufactor=$UFACTOR -seed=$SEED; cgcn --imbalance 0.03 --seed $SEED --threads $THREADS $CGCN_FLAGS (READY_TO_RUN=${READY_TO_RUN:-1}); $(nproc) cores."
    [ -z "${REUSE_GPMETIS:-}" ] || echo "gpmetis results reused from an earlier run for: $REUSE_GPMETIS."
    echo "Cut, imbalance (heaviest block / ceil(W/k)) and kept-edge fraction of both are computed by cgcn's PartitionMetrics."
} | tee "$WORK/results$CGCN_NAME.md"
