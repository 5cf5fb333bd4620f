#!/usr/bin/env bash
# Chromium and its chromedriver for the dashboard's end-to-end tests, from Debian's packages: the
# build runs this before the end-to-end tests. As root it installs what is missing; otherwise it
# fails and names the command to run.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
command="apt-get update && apt-get install -y chromium chromium-driver"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "The dashboard's browser tests need Chromium and chromedriver. As root, run: $command" >&2
  exit 1
fi
echo "Installing Chromium and chromedriver for the dashboard's browser tests: $command"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium chromium-driver
