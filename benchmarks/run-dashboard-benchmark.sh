#!/usr/bin/env bash
# Runs the dashboard benchmark: builds everything, starts a federation service with 1,000 member
# clusters and 10,000 workloads and opens its dashboard in Debian's headless Chromium (installed
# first when missing, as the end-to-end tests do). Prints the figures; takes about five minutes.
# Arguments go to the harness, e.g. --clusters=1000 --workloads=10000 --namespaces=100.
set -euo pipefail
cd "$(dirname "$0")/.."
sandbox/browser-prerequisites.sh
exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pdashboard-benchmark verify -Dbenchmark.args="$*"
