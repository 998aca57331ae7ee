#!/usr/bin/env bash
# Measures the kernels: `cgcn doctor` (every op on every device against the SIMD CPU backend: error and time,
# which gives the ILGPU-on-CPU / SIMD ratio) and the BenchmarkDotNet suites (GEMM GFLOP/s, CSR aggregation and
# elementwise GB/s). Results land in $OUT (default /tmp/kernel-bench): doctor.txt, doctor.json and the
# BenchmarkDotNet markdown reports.
#
# usage: bench/kernels.sh [BENCH_FILTER]          (default '*': every suite)
# environment: CGCN_BENCH_BACKENDS=cpu[,ilgpu-cpu,cuda]   backends of the BenchmarkDotNet suites (default cpu)
#              DOCTOR_SCALE=1                             size of the doctor's shapes
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/kernel-bench}
mkdir -p "$OUT"

dotnet build ClusterGcn.Engine.sln -c Release --nologo -v quiet >/dev/null
{ nproc; lscpu | grep -E 'Model name|Flags' | sed 's/Flags:.*avx512f.*/Flags: ... avx512f .../'; } >"$OUT/machine.txt"

dotnet Engine.Cli/bin/Release/net10.0/cgcn.dll doctor --scale "${DOCTOR_SCALE:-1}" --json "$OUT/doctor.json" | tee "$OUT/doctor.txt"

dotnet Engine.Bench/bin/Release/net10.0/ClusterGcn.Engine.Bench.dll --filter "${1:-*}" --exporters github \
    --artifacts "$OUT/bdn" | tail -n 80
cat "$OUT"/bdn/results/*-report-github.md
