#!/usr/bin/env bash
# Builds the benchmarks in Release and runs the given modes (default: all).
#   benchmarks/run.sh [events|proof|gates ...] [--runs N] [--count N]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/benchmarks/Omk.Benchmarks/Omk.Benchmarks.csproj"

dotnet build "$project" -c Release --nologo -v quiet
if [[ $# -eq 0 ]]; then
  set -- all
fi
dotnet run -c Release --no-build --project "$project" -- "$@"
