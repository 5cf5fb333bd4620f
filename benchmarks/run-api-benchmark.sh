#!/usr/bin/env bash
# Runs the API benchmark: builds the service, starts it on an ephemeral embedded PostgreSQL, drives
# it with wrk and compares with raw JDBC on the same database. Prints the figures; takes about
# three minutes. Arguments go to the harness, e.g. --connections=32 --duration=30.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk > /dev/null; then
  echo "Installing wrk, the HTTP load generator..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y -q wrk > /dev/null || { $sudo apt-get update -q > /dev/null && $sudo apt-get install -y -q wrk > /dev/null; }
fi

exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pbenchmark verify -Dbenchmark.args="$*"
