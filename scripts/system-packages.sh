#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those missing.
set -euo pipefail
needed=(postgresql-15 redis-server chromium fonts-noto-cjk gettext nginx-light libpango-1.0-0 libpangoft2-1.0-0)
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
# Debian's postgresql package may start a cluster service; the tests use a private one.
# nginx (for the proxy test) may start its own service on port 80: the test runs a private one.
if printf '%s\n' "${missing[@]}" | grep -qx nginx-light; then $sudo service nginx stop >/dev/null 2>&1 || true; fi
