# convener — developer entry points. `make test` and `make demo` create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Compiled message catalogs (.mo) are built from the .po sources, never committed.
PO_FILES := $(wildcard bot/locale/*/LC_MESSAGES/convener.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: all demo try test lint typecheck pytest bench run migrate migration clean catalogs messages

all: $(STAMP) catalogs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

catalogs: $(MO_FILES)

bot/locale/%/LC_MESSAGES/convener.mo: bot/locale/%/LC_MESSAGES/convener.po $(STAMP)
	$(BIN)/pybabel --quiet compile --statistics -D convener -i $< -o $@

# Re-extract messages (code and command tree) into bot/locale/convener.pot and merge them into every .po.
messages: $(STAMP)
	$(BIN)/python -m bot.i18n.extract

demo: $(STAMP) catalogs
	$(BIN)/convener demo

# The stand-in, the bot and a Discord-like page to act as any member: prints the address, opens nothing.
try: $(STAMP) catalogs
	$(BIN)/convener demo --web

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check bot cogs storage tests bench

typecheck: $(STAMP)
	$(BIN)/mypy bot cogs storage bench

pytest: $(STAMP) catalogs
	$(BIN)/pytest -q

bench: $(STAMP) catalogs
	$(BIN)/python -m bench

run: $(STAMP) catalogs
	$(BIN)/convener run

migrate: $(STAMP)
	$(BIN)/convener migrate

# Regenerate the initial migration from the models (before the first release only).
migration: $(STAMP)
	$(BIN)/python -m storage.regen

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis $(MO_FILES)
