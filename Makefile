# The two set-up commands of the README: `make site` and `make test`. Each works on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint install clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)  ## build the static site from statutes/ and proposals/ into _site/
	$(BIN)/lawdiff build

test: $(STAMP)  ## run the whole test suite (installs what it needs, Chromium included)
	bash .ci/install-system.sh
	$(BIN)/ruff check lawdiff tests
	$(BIN)/mypy lawdiff
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check lawdiff tests
	$(BIN)/mypy lawdiff

clean:
	rm -rf $(VENV) _site tests/artifacts
