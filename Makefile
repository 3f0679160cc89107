# Two entry points (see README): `make run` builds the release, `make test` runs the suite.
# Both create .venv with the project and its dependencies from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench readme-figures clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "oncograph needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/oncograph build

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile src tests

readme-figures: run
	cp dist/figures/metastasis-heatmap.png dist/figures/cancer-hierarchy.png docs/figures/

# Bytecode first, as an installed wheel has it: with PYTHONDONTWRITEBYTECODE set, an editable checkout would
# otherwise compile its modules again in every cold process (about 0.07 s of the cold query).
bench: $(STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) dist .dist-* .dist.lock
