#!/usr/bin/env bash
# Runs the placement engine's JMH benchmarks (io.ubernetes.benchmark.placement): latency of one
# decision over 1,000 clusters, a batch of 10,000 workloads, and the cost of a decision from 10 to
# 10,000 clusters. Builds the engine, then runs org.openjdk.jmh.Main on the JDK 21+ toolchain;
# takes about three and a half minutes on two cores. Prints JMH's result table and writes it as
# JSON to benchmarks/target/jmh-placement.json. Arguments go to JMH, e.g. a benchmark regex and options:
#   benchmarks/run-placement-benchmark.sh ScalingBenchmark -p clusters=1000 -f 2 -i 10
set -euo pipefail
cd "$(dirname "$0")/.."

exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pplacement-benchmark verify -Djmh.args="$*"
