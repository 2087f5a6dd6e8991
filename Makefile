# The two README commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

# Byte-compile the package first (quick when nothing changed): an editable install leaves that to the
# first import, which cannot write it where PYTHONDONTWRITEBYTECODE is set, and every start then
# compiles the package from source again.
run: $(STAMP)
	@$(BIN)/python -m compileall -q briefing
	$(BIN)/briefing articles

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	@$(BIN)/python -m compileall -q briefing
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info
