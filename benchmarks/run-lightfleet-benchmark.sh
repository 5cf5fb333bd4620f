#!/usr/bin/env bash
# Runs the light fleet benchmark: builds everything, then starts the federation service as a
# process of its own on CPU 0 (its embedded PostgreSQL with it) and, on CPU 1, 1,000 light member
# clusters that speak the agent protocol, creating 10,000 workloads at 500 a second. Prints the
# figures beside the anchors and the targets.
# Arguments go to the harness, e.g. --clusters=100 --workloads=1000 --rate=500 --ready-delay=1000
# --duplicated-samples=20 --resync=true --patience=600 --federation-cpus=0 --fleet-cpus=1
# --profile=false.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Plightfleet-benchmark verify -Dbenchmark.args="$*"
