#!/usr/bin/env bash
# `make audit`: static security analysis of the portal's own code (bandit) and known
# vulnerabilities of the pinned dependencies (pip-audit, needs PyPI's JSON API and the PyPA
# advisory database over the network; --strict fails when a package could not be audited).
#
# bandit compares against scripts/bandit-baseline.json: the findings listed there were reviewed
# and accepted (docs/RELIABILITY.md says why, one by one); anything new fails.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
CODE=(portal accounts policies incubators mentorship subsidies scripts manage.py)
status=0
echo "== bandit (baseline: scripts/bandit-baseline.json)"
"$VENV/bin/bandit" -q -r "${CODE[@]}" -x '*/migrations/*,*/tests/*' -b scripts/bandit-baseline.json || status=1
echo "== pip-audit -r requirements/base.txt -r requirements/dev.txt"
"$VENV/bin/pip-audit" --strict --progress-spinner off --require-hashes -r requirements/base.txt -r requirements/dev.txt || status=1
exit $status
