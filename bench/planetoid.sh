#!/usr/bin/env bash
# Planetoid accuracy behind docs/results.md: full-graph training (Cluster-GCN with one cluster) of a 2-layer model on
# the public split, 10 seeds, printing each seed's test accuracy (of the best-validation weights) and the mean ± std.
#
# usage: bench/planetoid.sh [DATASET [extra cgcn train options...]]     (default: cora)
#   e.g. bench/planetoid.sh citeseer
#        bench/planetoid.sh cora --model sage --hidden 64
# environment: DATASETS=/work/shared/datasets  SEEDS="1 2 ... 10"  OUT=/tmp/planetoid
# Later options override the defaults below (the last occurrence of an option is refused, so pass only new ones).
set -euo pipefail
cd "$(dirname "$0")/.."
DATASET=${1:-cora}
shift || true
DATASETS=${DATASETS:-$(realpath ../shared/datasets 2>/dev/null || echo /work/shared/datasets)}
SEEDS=${SEEDS:-"1 2 3 4 5 6 7 8 9 10"}
OUT=${OUT:-/tmp/planetoid}
mkdir -p "$OUT"

dotnet build ClusterGcn.Engine.sln -c Release --nologo -v quiet >/dev/null
# GCN recipe of Kipf & Welling: symmetric normalisation with self-loops, row-normalised features, hidden 16,
# dropout 0.5, Adam lr 0.01, weight decay 5e-4, 200 epochs; the weights with the best validation accuracy are kept.
DEFAULTS=(--device cpu --parts 1 --model gcn --hidden 16 --dropout 0.5 --lr 0.01 --weight-decay 5e-4 --epochs 200
          --eval-every 1 --preprocess rownorm)
# An option given on the command line replaces its default.
ARGS=()
for ((i = 0; i < ${#DEFAULTS[@]}; i += 2)); do
    [[ " $* " == *" ${DEFAULTS[i]} "* ]] || ARGS+=("${DEFAULTS[i]}" "${DEFAULTS[i + 1]}")
done

echo "dataset $DATASET: cgcn train --dataset $DATASETS/$DATASET ${ARGS[*]} $*" | tee "$OUT/$DATASET.txt"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/$DATASET.txt"
for seed in $SEEDS; do
    dotnet Engine.Cli/bin/Release/net10.0/cgcn.dll train --dataset "$DATASETS/$DATASET" "${ARGS[@]}" "$@" --seed "$seed" \
        --json "$OUT/$DATASET-seed$seed.json" >"$OUT/$DATASET-seed$seed.log"
    test=$(sed -n 's/^final .*test \([0-9.]*\).*/\1/p' "$OUT/$DATASET-seed$seed.log")
    echo "seed $seed: test accuracy $test" | tee -a "$OUT/$DATASET.txt"
done
awk '/^seed/ { x = $NF * 100; n++; s += x; ss += x * x }
     END { m = s / n; printf "mean test accuracy over %d seeds: %.2f ± %.2f (std)\n", n, m, sqrt(ss / n - m * m) }' \
    "$OUT/$DATASET.txt" | tee -a "$OUT/$DATASET.txt"
