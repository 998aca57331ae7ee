#!/usr/bin/env bash
# Partitions a graph of more entries than int offsets hold, so cgcn reads it as a LargeCsrGraph: planted-17000000,
# 17M nodes in communities of 256 on a ring, 1.17 billion edges, 2.34 billion neighbour entries. Blocks of whole
# communities cut only ring edges: k blocks of consecutive communities cut ~k * 256 * 256 * 0.02 = 1,311k edges.
#
# Three runs of cgcn partition (published ReadyToRun, as bench/partition-vs-metis.sh runs it), each under
# /usr/bin/time -v: the graph generated in memory and partitioned; the graph written as a METIS file (~21 GB); that
# file read back and partitioned, which must give the same partition as the generated graph. gpmetis then gets the
# same file. Needs ~11 GB of memory and ~21 GB of disk in $WORK; the file is deleted at the end unless KEEP=1.
#
# NAME may be any graph `cgcn partition --generate` makes: NAME=mesh2d-10000 is the 100M-node grid of
# docs/partitioner.md (12.5 GB peak, a 3.6 GB file).
#
# usage: bench/large-graph.sh
# environment: NAME=planted-17000000  K=64  WORK=/tmp/large-graph  FILE=1 (0: only the in-memory run)  KEEP=0
#              GPMETIS_TIMEOUT=900 (seconds gpmetis may take)
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=${NAME:-planted-17000000}
K=${K:-64}
WORK=${WORK:-/tmp/large-graph}
GRAPH=$WORK/$NAME.graph
mkdir -p "$WORK"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }

dotnet publish Engine.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/cgcn-r2r" --nologo -v quiet >/dev/null
CGCN=$WORK/cgcn-r2r/cgcn

# run NAME COMMAND...: stdout and stderr to NAME.log, /usr/bin/time -v to NAME.time; a failure is recorded, not fatal.
run() {
    local name=$1; shift
    echo "$name: $*" >&2
    if ! /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.log" 2>&1; then echo "exit status: failed" >>"$WORK/$name.log"; fi
}
wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/$1.time"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/$1.time"; }

run generated "$CGCN" partition --generate "$NAME" --parts "$K" --seed 1 --out "$WORK/generated.part" --json "$WORK/generated.json"
if [ "${FILE:-1}" = 1 ]; then
    run write "$CGCN" partition --generate "$NAME" --write-graph "$GRAPH"
    ls -l "$GRAPH" >>"$WORK/write.log"
    run read "$CGCN" partition --graph "$GRAPH" --parts "$K" --seed 1 --out "$WORK/read.part" --json "$WORK/read.json"
    if command -v gpmetis >/dev/null; then
        run gpmetis timeout "${GPMETIS_TIMEOUT:-900}" gpmetis -ptype=kway -ufactor=30 -seed=1 "$GRAPH" "$K"
    fi
    [ "${KEEP:-0}" = 1 ] || rm -f "$GRAPH" "$GRAPH.part.$K"
fi

{
    echo "| run | seconds (wall) | peak MB | result |"
    echo "| --- | ---: | ---: | --- |"
    for name in generated write read gpmetis; do
        [ -s "$WORK/$name.time" ] || continue
        case $name in
            generated | read) result=$(grep -E '^(graph|cut|seconds):' "$WORK/$name.log" | tr '\n' ' ') ;;
            write) result=$(grep -E '^(graph|seconds):' "$WORK/$name.log" | tr '\n' ' ')$(awk '{ printf "file %.1f GB", $5 / 1e9 }' <(tail -1 "$WORK/write.log")) ;;
            gpmetis) result=$(grep -iE 'edgecut|failed|killed|exit status' "$WORK/$name.log" | head -3 | tr '\n' ' ') ;;
        esac
        echo "| $name | $(wall $name) | $(peak_mb $name) | ${result//|//} |"
    done
    echo
    if [ -s "$WORK/read.part" ]; then
        if cmp -s "$WORK/generated.part" "$WORK/read.part"; then echo "generated and read partitions: identical"; else echo "generated and read partitions: DIFFERENT"; fi
    fi
    echo "$NAME, k = $K, seed 1; $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)."
} | tee "$WORK/results.md"
