#!/usr/bin/env bash
# Weights near the int limit are valid METIS input (fmt 011: node and edge weights up to 2^31 - 1). A 1000 x 1000
# grid is written three times: unit weights, every edge weighing 2^30, and every node and edge weighing 2^30. cgcn
# partitions each into K blocks; on the heavy ones its cut in edges (cut / 2^30) should equal the unit grid's.
# gpmetis gets the same files and its exit status is recorded (5.1.0 sums the weights in 32-bit ints).
#
# usage: bench/heavy-weights.sh
# environment: SIDE=1000  K=8  WORK=/tmp/heavy-weights
set -euo pipefail
cd "$(dirname "$0")/.."

SIDE=${SIDE:-1000}
K=${K:-8}
WORK=${WORK:-/tmp/heavy-weights}
mkdir -p "$WORK"
dotnet build Engine.Cli -c Release --nologo -v quiet >/dev/null
CGCN=Engine.Cli/bin/Release/net10.0/cgcn

# grid FILE NODE_WEIGHT EDGE_WEIGHT: the SIDE x SIDE grid, 4-neighbourhood, as a METIS file of fmt 011.
grid() {
    awk -v n="$SIDE" -v nw="$2" -v ew="$3" 'BEGIN {
        printf "%d %d 011\n", n * n, 2 * n * (n - 1)
        for (i = 0; i < n; i++) for (j = 0; j < n; j++) {
            line = nw
            if (i > 0)     line = line " " ((i - 1) * n + j + 1) " " ew
            if (j > 0)     line = line " " (i * n + j) " " ew
            if (j < n - 1) line = line " " (i * n + j + 2) " " ew
            if (i < n - 1) line = line " " ((i + 1) * n + j + 1) " " ew
            print line
        }
    }' > "$1"
}

# field NAME JSON: a number from a cgcn --json report.
field() { grep -o "\"$1\": *[0-9.]*" "$2" | grep -o '[0-9.]*$'; }

echo "| weights | cgcn cut | in edges | imbalance | seconds | gpmetis: exit | its reported cut | its partition's cut (cgcn --evaluate) | imbalance |"
echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
for case in "unit 1 1" "edges-2^30 1 1073741824" "nodes-and-edges-2^30 1073741824 1073741824"; do
    set -- $case
    file=$WORK/grid-$1.graph
    grid "$file" "$2" "$3"
    "$CGCN" partition --graph "$file" --parts "$K" --seed 1 --json "$WORK/$1.json" >"$WORK/$1.cgcn.log" 2>&1
    cut=$(field edgeCut "$WORK/$1.json")
    row="| $1 | $cut | $((cut / $3)) | $(field imbalance "$WORK/$1.json") | $(field totalSeconds "$WORK/$1.json")"
    rm -f "$file.part.$K"
    status=0
    gpmetis "$file" "$K" >"$WORK/$1.gpmetis.log" 2>&1 || status=$?
    reported=$(awk '/- Edgecut:/ { gsub(",", ""); print $3 }' "$WORK/$1.gpmetis.log")
    if [ -f "$file.part.$K" ]; then
        "$CGCN" partition --graph "$file" --parts "$K" --evaluate "$file.part.$K" --json "$WORK/$1.gpmetis.json" >/dev/null 2>&1
        echo "$row | $status | ${reported:--} | $(field edgeCut "$WORK/$1.gpmetis.json") | $(field imbalance "$WORK/$1.gpmetis.json") |"
    else
        echo "$row | $status | ${reported:--} | no partition | |"
    fi
done
