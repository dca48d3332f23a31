# The GBA Youth Portal. `make run` serves the portal on http://127.0.0.1:8000 (embedded default:
# SQLite, a file-system Celery broker, a real worker with beat); `make test` runs the whole suite
# against a private PostgreSQL 15 and Redis started on loopback ports of its own.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_PORT ?= 25432
REDIS_PORT ?= 26379
PYTEST_ARGS ?=

.PHONY: install install-dev run test lint typecheck messages makemessages system-packages lock clean bench

# Two dependency sets, each locked with hashes (requirements/*.in -> *.txt, `make lock`): `base`
# is what the portal runs on (make run, the production image); `dev` adds tests and tools.
PIP_INSTALL := $(VENV)/bin/pip install --disable-pip-version-check -q --require-hashes

install: $(VENV)/.base-installed

install-dev: $(VENV)/.dev-installed

$(VENV)/.base-installed: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(PIP_INSTALL) --no-compile -r requirements/base.txt -r requirements/dev.txt
	touch $@

# Compiled catalogues are built here, never committed or edited by hand.
messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.run --ignore=node_modules -v 0

makemessages: install
	$(PY) manage.py makemessages -l zh_Hant -l zh_Hans -l en --ignore=.venv --ignore=.run --ignore=tests --ignore=bench -v 0

run: install messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	bash scripts/run-local.sh

system-packages:
	bash scripts/system-packages.sh

# Lint, format and types, then the suite: a parallel pass and a serial pass for the fault tests
# (scripts/test-suite.sh); PYTEST_ARGS narrows both passes.
test: system-packages install-dev messages
	PG_PORT=$(PG_PORT) REDIS_PORT=$(REDIS_PORT) bash scripts/with-test-services.sh bash scripts/test-suite.sh $(PYTEST_ARGS)

# Benchmarks (bench/, issue 7): not part of `make test`. Its own PostgreSQL, Redis and gunicorn
# ports; `make bench QUICK=1` uses a tenth of the data. Writes bench/RESULTS.md.
BENCH_PG_PORT ?= 55492
BENCH_REDIS_PORT ?= 56439
BENCH_HTTP_PORT ?= 18000
QUICK ?=
BENCH_ARGS ?=

bench: install-dev messages
	bash bench/system-packages.sh
	PG_PORT=$(BENCH_PG_PORT) REDIS_PORT=$(BENCH_REDIS_PORT) BENCH_HTTP_PORT=$(BENCH_HTTP_PORT) \
	  bash scripts/with-test-services.sh $(PY) -m bench $(if $(QUICK),--quick) $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Regenerate both locks from requirements/*.in, with hashes. A pin already in a lock is kept while
# its .in file still allows it (run twice, nothing changes); `make lock UPGRADE=1` takes the newest.
UV_VERSION := 0.13.9
UPGRADE ?=
UV_COMPILE = .venv-lock/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 \
  --no-strip-extras --no-emit-index-url --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --disable-pip-version-check -q uv==$(UV_VERSION)
	$(UV_COMPILE) requirements/base.in -o requirements/base.txt
	$(UV_COMPILE) requirements/dev.in -o requirements/dev.txt
	rm -rf .venv-lock

clean:
	rm -rf .run test-artifacts

# --- Security audit (issue 8): bandit against its reviewed baseline, and pip-audit of the lock
# file. Not part of `make test`: pip-audit needs PyPI's JSON API and the advisory database.
.PHONY: audit
audit: install-dev
	bash scripts/audit.sh

# --- Backup and restore (issue 8): pg_dump of DATABASE_URL plus the media and private files.
.PHONY: backup restore
backup: install
	bash scripts/backup.sh

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<timestamp> [FORCE=1]"; exit 2; }
	FORCE=$(FORCE) bash scripts/restore.sh "$(BACKUP)"

# --- Soak (issue 8): a bounded mixed workload on gunicorn + a real Celery worker with beat, for
# SOAK_SECONDS, then every total reconciled. Not part of `make test` (its smoke test is). Its own
# PostgreSQL, Redis and HTTP ports. Writes docs/soak/RESULTS.md.
SOAK_SECONDS ?= 300
SOAK_RATE ?= 15
SOAK_PG_PORT ?= 55522
SOAK_REDIS_PORT ?= 56469
SOAK_HTTP_PORT ?= 18030

.PHONY: soak
soak: install-dev messages
	PG_PORT=$(SOAK_PG_PORT) REDIS_PORT=$(SOAK_REDIS_PORT) SOAK_HTTP_PORT=$(SOAK_HTTP_PORT) \
	  SOAK_SECONDS=$(SOAK_SECONDS) SOAK_RATE=$(SOAK_RATE) \
	  bash scripts/with-test-services.sh $(PY) -m bench.soak
