# The two entry points: `make run` and `make test`. Everything else is a convenience.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: install run check test test-fast bench chaos asyncapi schemas permissions nats-config clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv>=0.5"

.venv/.installed: $(UV) pyproject.toml uv.lock */pyproject.toml services/*/pyproject.toml
	$(UV) sync --all-packages --all-groups --python $(PYTHON)
	touch $@

install: .venv/.installed

run: install  ## start nats-server, provision, migrate, the four services and the console on :8000 (Ctrl-C stops all)
	.venv/bin/qiaolian run

check: install  ## lint, format, types and the layers (rules pure, services apart)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/lint-imports

test: check  ## the checks, then the whole suite
	.venv/bin/pytest -q

test-fast: install  ## without the tests that start all four services
	.venv/bin/pytest -q -m "not system"

chaos: install  ## N commands (CHAOS_COMMANDS=10000) while nats-server and each service are killed (CHAOS_NATS_KILLS, CHAOS_SERVICE_KILLS, CHAOS_SEED)
	.venv/bin/python -m tests.chaos

bench: install  ## throughput, latency and memory against raw baselines (sizes from BENCH_*; README)
	.venv/bin/python -m tests.bench

asyncapi: install  ## regenerate the committed AsyncAPI documents
	.venv/bin/qiaolian asyncapi --write

schemas: install  ## regenerate the committed JSON Schema snapshots of the contracts
	.venv/bin/qiaolian schemas --write

permissions: install  ## regenerate docs/permissions.md from the routes
	.venv/bin/qiaolian permissions --write

nats-config: install  ## regenerate the NATS users and permissions of deploy/nats/nats-server.conf
	.venv/bin/qiaolian nats-config --write

clean:
	rm -rf var
