#!/usr/bin/env bash
# Builds the benchmarks in Release and runs the given modes (default: all).
#   benchmarks/run.sh [events|proof|gates|startup|reuse ...] [--runs N] [--count N]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/benchmarks/Omk.Benchmarks/Omk.Benchmarks.csproj"

dotnet build "$project" -c Release --nologo -v quiet
# omk as it ships (the tool package's net10.0 content: ReadyToRun, framework-dependent); benchmarks run this copy.
dotnet publish "$root/src/Omk.Cli/Omk.Cli.csproj" -c Release -f net10.0 -o "$root/benchmarks/Omk.Benchmarks/bin/Release/omk-published" --nologo -v quiet
if [[ $# -eq 0 ]]; then
  set -- all
fi
dotnet run -c Release --no-build --project "$project" -- "$@"
