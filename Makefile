# Two commands for a newcomer: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bank-lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@$(BIN)/ciip-tutor console

lint: $(STAMP)
	$(BIN)/ruff check .

bank-lint: $(STAMP)
	$(BIN)/ciip-tutor bank lint

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ciip-tutor bank lint --quiet
	$(BIN)/python tests/run_suite.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache ciip_tutor.db
