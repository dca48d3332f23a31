#!/usr/bin/env bash
# Installs the Debian packages the benchmark needs, only those missing (like
# scripts/system-packages.sh): PostgreSQL 15 and Redis for the private services, wrk for the load.
set -euo pipefail
needed=(postgresql-15 redis-server wrk gettext)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
