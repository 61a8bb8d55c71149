# convener — developer entry points. `make test` and `make demo` create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench run migrate migration clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/convener demo

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check bot cogs storage tests bench

typecheck: $(STAMP)
	$(BIN)/mypy bot cogs storage

pytest: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

run: $(STAMP)
	$(BIN)/convener run

migrate: $(STAMP)
	$(BIN)/convener migrate

# Regenerate the initial migration from the models (before the first release only).
migration: $(STAMP)
	$(BIN)/python -m storage.regen

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
