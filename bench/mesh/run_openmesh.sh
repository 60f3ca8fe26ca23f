#!/usr/bin/env bash
# Builds and runs the OpenMesh side-by-side benchmark (Debian: apt-get install libopenmesh-dev g++).
# Usage: bench/mesh/run_openmesh.sh [RUNS]   → JSON lines {op, id, median_s} with the ids of mesh-reference.json
# (`tessera bench mesh --peers` builds this driver and cgal_bench.cpp itself and interleaves them with Tessera.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${TMPDIR:-/tmp}/tessera-openmesh-bench"
mkdir -p "$out"
g++ -O2 -DNDEBUG -std=c++17 "$here/openmesh_bench.cpp" -o "$out/openmesh_bench" -lOpenMeshTools -lOpenMeshCore
taskset -c 0 "$out/openmesh_bench" "${1:-5}" "$out" 2>/dev/null || "$out/openmesh_bench" "${1:-5}" "$out"
