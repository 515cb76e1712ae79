# Two commands for everyone (see README):  make lab   |   make test
# Both create .venv with the pins from environment.yml if it is missing or out of date.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP    := $(VENV)/.test-installed
# Jupyter writes config, runtime files and kernel state to the home folder; keep the course's own.
export JUPYTER_CONFIG_DIR := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR   := $(CURDIR)/.jupyter/data
export IPYTHONDIR         := $(CURDIR)/.jupyter/ipython
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Containers and CI machines often run as root, which Jupyter refuses without this flag.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test unit notebooks browser exercises exercises-check refresh-outputs bench clean

$(RUNTIME_STAMP): environment.yml pyproject.toml src/coursekit/maintainer/pins.py jupyter-settings/overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python src/coursekit/maintainer/pins.py > $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet -r $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@# rfc3987-syntax costs ~1 s per kernel start and the course never uses it (docs/design-notes.md).
	$(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax
	@# No "get Jupyter news?" pop-up: the course runs offline (jupyter-settings/overrides.json).
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter-settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

$(TEST_STAMP): $(RUNTIME_STAMP) tests/requirements.txt
	$(BIN)/python -m pip install --quiet -r tests/requirements.txt
	@touch $@

## Open the course in JupyterLab (localhost only, token authentication on).
lab: $(RUNTIME_STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --LabApp.news_url=None $(ALLOW_ROOT) \
		--ServerApp.root_dir="$(CURDIR)" notebooks/00-start-here.ipynb

## Run every test: unit, data validation, hygiene, exercises current, nbval, real browser.
test: $(TEST_STAMP)
	$(BIN)/python -m pytest

unit: $(TEST_STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/test_browser.py

notebooks: $(TEST_STAMP)
	$(BIN)/python -m pytest notebooks solutions exercises

browser: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/test_browser.py

## Regenerate exercises/ from solutions/ (authors edit solutions only).
exercises: $(RUNTIME_STAMP)
	$(BIN)/python -m coursekit.maintainer.exercise_builder

exercises-check: $(RUNTIME_STAMP)
	$(BIN)/python -m coursekit.maintainer.exercise_builder --check

## After a data change: re-execute notebooks and store the new checked figures (review the diff!).
refresh-outputs: $(RUNTIME_STAMP)
	$(BIN)/python -m coursekit.maintainer.notebook_outputs refresh notebooks/*.ipynb solutions/*.ipynb
	$(BIN)/python -m coursekit.maintainer.exercise_builder

## Print performance figures (not a test).
bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .jupyter
