# The two commands: `make run` (the product) and `make test` (the tests).
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test test-fast install ingest lint format bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: it resolves to the local CPU build; a newer one pulls CUDA packages.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

ingest: install
	$(PY) -m assistant ingest

run: install
	@# A notice that fails to ingest is reported above; the page still opens with the rest.
	$(PY) -m assistant ingest || echo "Some notices were not ingested (see above); opening the page anyway."
	$(PY) -m assistant serve --address 127.0.0.1 --port $${PORT:-8501}

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

# Everything: the browser, server, corpus, fault and slow tests included.
test: install lint
	$(PY) -m pytest

# Under a minute on an idle machine: no browser, no servers, no shared corpora, no fault suite,
# nothing that loads the real model (markers in pyproject.toml).
FAST := not slow and not browser and not server and not corpus and not faults
test-fast: install lint
	$(PY) -m pytest -m "$(FAST)"

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) data/store .pytest_cache .ruff_cache
