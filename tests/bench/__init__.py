"""`make bench`: throughput, latency and memory of the real components, beside raw baselines.

Run as `.venv/bin/python -m tests.bench` from the repository root; sizes come from `BENCH_*`
environment variables (see `run.Sizes`). It prints a table, writes JSON and a PNG under `var/bench/`.
"""
