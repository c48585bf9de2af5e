# Circle Facilitator: two commands do all the set-up.
#   make run   create .venv, install, open the app on the embedded SQLite store
#   make test  same set-up, then ruff, mypy, import contracts and the whole pytest suite offscreen
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench screenshots syslibs clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

syslibs:
	@sh scripts/ensure-system-libs.sh

run: syslibs $(STAMP)
	$(BIN)/circle-facilitator

lint: $(STAMP)
	$(BIN)/ruff check facilitator ui tests benchmarks scripts
	$(BIN)/ruff format --check facilitator ui tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: syslibs lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: syslibs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

screenshots: syslibs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m scripts.screenshots

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
