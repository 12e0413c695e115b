# The two Quick start commands:
#   make app    set everything up and start the web UI on http://127.0.0.1:7860
#   make test   set everything up and run the whole test suite (what CI runs)
.PHONY: app test test-fast lint bench

app:
	bash scripts/setup.sh
	.venv/bin/report-assistant ui

test:
	bash scripts/setup.sh --test
	.venv/bin/python scripts/audit.py  # known vulnerability: fails; service unreachable: warns
	.venv/bin/ruff check assistant ui tests benchmarks scripts
	.venv/bin/mypy
	.venv/bin/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder  # units longest first: tests/conftest.py

# For developers: skip the slow real-model tests.
test-fast:
	.venv/bin/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder -m "not slow"

lint:
	.venv/bin/ruff check assistant ui tests benchmarks scripts
	.venv/bin/mypy

bench:
	.venv/bin/python benchmarks/retrieval.py
	.venv/bin/python benchmarks/checker.py
