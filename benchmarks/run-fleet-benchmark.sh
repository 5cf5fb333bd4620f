#!/usr/bin/env bash
# Runs the fleet benchmark: builds everything, then starts the federation service and a sandbox of
# 100 simulated member clusters with real agents as processes of their own, creates 1,000
# workloads and watches every member cluster. Prints the figures; takes about four minutes.
# Arguments go to the harness, e.g. --clusters=100 --workloads=1000 --concurrency=16
# --start-delay=1s --patience=180.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pfleet-benchmark verify -Dbenchmark.args="$*"
