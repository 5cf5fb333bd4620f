#!/usr/bin/env bash
# Runs the agent benchmark: builds the service and the agent, then measures write-to-applied
# latency with 10 and 100 agents on mock member clusters and the packaged agent's resident memory
# after an hour-equivalent of work. Prints the figures; takes about five minutes. Arguments go to
# the harness, e.g. --agents=10,100,200 --rate=50 --duration=60 --memory=false.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pagent-benchmark verify -Dbenchmark.args="$*"
