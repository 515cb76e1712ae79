# Two commands for everyone (see README):  make lab   |   make test
# Both create .venv with the pins from environment.yml if it is missing or out of date.
# Another Python (3.11, 3.12, 3.13):  make lab PYTHON=python3.13   (.venv keeps the Python it was made with).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP  := $(VENV)/.runtime-installed
TEST_STAMP     := $(VENV)/.test-installed
BYTECODE_STAMP := $(VENV)/.bytecode-compiled
PINS := src/coursekit/maintainer/pins.py
# The Pythons the pip/uv route is tested on; pyproject.toml's requires-python admits the same
# (tests/test_environment.py checks). Binder keeps environment.yml's Python 3.11.7.
SUPPORTED_PYTHONS := 3.11 3.12 3.13
# Installer: uv, which installs the pins in seconds (docs/design-notes.md). If `uv` is not on PATH it is
# installed once per user from the package index into UV_HOME (a cache: delete it any time). If uv
# cannot be had, or with INSTALLER=pip, pip installs (about a minute).
INSTALLER  := uv
UV_VERSION := 0.13.8
UV_HOME    := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/paper-tiger-course/uv-$(UV_VERSION)
# Extra JupyterLab options for `make lab`, e.g. LAB_ARGS="--no-browser --port=9999".
LAB_ARGS ?=
# Tests run on every CPU (pytest-xdist; conftest.py says how they are grouped). PARALLEL= runs them one by one.
PARALLEL ?= -n auto
# OFFLINE=1 with test-python: the tests run with no network at all (.ci/offline; CI does this).
OFFLINE ?=
# Jupyter writes config, runtime files and kernel state to the home folder; keep the course's own.
export JUPYTER_CONFIG_DIR := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR   := $(CURDIR)/.jupyter/data
export IPYTHONDIR         := $(CURDIR)/.jupyter/ipython
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Containers and CI machines often run as root, which Jupyter refuses without this flag.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test unit notebooks browser test-python _test-python check-venv-python exercises \
	exercises-check refresh-outputs bench rehearsal _rehearsal clean

# Shell: set $$py to a working interpreter for $(PYTHON) and $$ver to its X.Y, or stop with a message.
# A bare `python3.N` that does not run (e.g. an inactive pyenv shim) is looked up in pyenv's versions folder.
define find_python
py='$(PYTHON)'; \
if ! "$$py" -c '' >/dev/null 2>&1; then \
  case "$$py" in \
    python3.[0-9]*) py=$$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/*/bin/"$$py" 2>/dev/null | sort -V | tail -n 1);; \
    *) py=;; \
  esac; \
  if [ -z "$$py" ] || ! "$$py" -c '' >/dev/null 2>&1; then \
    echo "make: no working '$(PYTHON)' (looked on PATH and in pyenv). Install Python $(SUPPORTED_PYTHONS), or pass PYTHON=/path/to/python3." >&2; \
    exit 1; \
  fi; \
fi; \
ver=$$("$$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
case " $(SUPPORTED_PYTHONS) " in *" $$ver "*) ;; \
  *) echo "make: $$py is Python $$ver; the course needs Python $(SUPPORTED_PYTHONS)." >&2; exit 1;; \
esac
endef

# Shell: set $$uv to a uv executable, or to nothing (pip then installs) after a one-line message.
# Bootstrapping uses $$py's pip, into a temporary folder renamed into place (two makes may race).
define get_uv
uv=; \
if [ "$(INSTALLER)" = uv ]; then \
  if command -v uv >/dev/null 2>&1; then uv=$$(command -v uv); \
  elif [ -x "$(UV_HOME)/bin/uv" ]; then uv="$(UV_HOME)/bin/uv"; \
  else \
    tmp="$(UV_HOME).tmp$$$$"; \
    if out=$$("$$py" -m pip install -qq --no-deps --timeout 15 --retries 1 --target "$$tmp" uv==$(UV_VERSION) 2>&1) \
        && [ -x "$$tmp/bin/uv" ] \
        && "$$py" -c 'import os, sys; os.rename(sys.argv[1], sys.argv[2])' "$$tmp" "$(UV_HOME)" 2>/dev/null \
        || [ -x "$(UV_HOME)/bin/uv" ]; then \
      uv="$(UV_HOME)/bin/uv"; \
    else \
      echo "make: uv $(UV_VERSION) could not be installed ($$(printf '%s\n' "$$out" | grep -v '^ *$$' | tail -n 1)); installing with pip instead (about a minute)." >&2; \
    fi; \
    rm -rf "$$tmp"; \
  fi; \
fi
endef

# Shell: `install ARGS...` installs into $(VENV) with uv if $$uv is set, else (or if uv fails) with pip.
define install_fn
install() { \
  if [ -n "$$uv" ]; then \
    "$$uv" pip install --quiet --python $(BIN)/python "$$@" && return 0; \
    echo "make: uv failed (see above); installing with pip instead." >&2; uv=; \
  fi; \
  $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade >/dev/null; \
  $(BIN)/python -m pip install --quiet "$$@"; \
}
endef

# Shell: compile the venv's modules to bytecode (test folders left out). pip does this as it installs;
# uv does not, and without it each kernel start is about 2 s slower until Python has written the files.
compile_bytecode = $(BIN)/python -m compileall -q -j 0 -x '/tests?/' $(VENV)/lib src >/dev/null
# The course package's own bytecode, refreshed after edits. Python writes it on first import anyway,
# except where PYTHONDONTWRITEBYTECODE is set (as on the test machines): then every kernel would compile
# the package again, about 0.3 s per lesson run.
compile_package = $(BIN)/python -m compileall -q src >/dev/null

$(RUNTIME_STAMP): environment.yml pyproject.toml $(PINS) jupyter-settings/overrides.json
	@set -e; $(find_python); $(get_uv); $(install_fn); \
	if [ ! -x $(BIN)/python ]; then \
	  if [ -n "$$uv" ]; then "$$uv" venv --quiet --python "$$py" $(VENV); else "$$py" -m venv $(VENV); fi; \
	fi; \
	rm -f $(BYTECODE_STAMP); \
	echo "Installing the pins from environment.yml into $(VENV) ($$($(BIN)/python -V)) with $${uv:-pip}"; \
	$(BIN)/python $(PINS) > $(VENV)/requirements.txt; \
	: "pip too, for %pip in notebooks (a uv-made venv has none)."; \
	install -r $(VENV)/requirements.txt pip; \
	install --no-deps -e .; \
	: "rfc3987-syntax costs ~1 s per kernel start and the course never uses it (docs/design-notes.md)."; \
	if [ -n "$$uv" ]; then "$$uv" pip uninstall --quiet --python $(BIN)/python rfc3987-syntax; \
	else $(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax; fi; \
	: 'No "get Jupyter news?" pop-up: the course runs offline (jupyter-settings/overrides.json).'; \
	mkdir -p $(VENV)/share/jupyter/lab/settings; \
	cp jupyter-settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

# With PYTHON given, an existing venv of another Python stops make instead of being used quietly.
ifeq ($(origin PYTHON),command line)
$(RUNTIME_STAMP): | check-venv-python
endif
check-venv-python:
	@$(find_python); \
	if [ -x $(BIN)/python ]; then \
	  have=$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  if [ "$$have" != "$$ver" ]; then \
	    echo "make: $(VENV) has Python $$have, not $$ver ($(PYTHON)): run 'make clean' first." >&2; exit 1; \
	  fi; \
	fi

$(TEST_STAMP): $(RUNTIME_STAMP) tests/requirements.txt
	@set -e; py=$(BIN)/python; $(get_uv); $(install_fn); \
	echo "Installing the test tools (tests/requirements.txt) into $(VENV) with $${uv:-pip}"; \
	rm -f $(BYTECODE_STAMP); install -r tests/requirements.txt; \
	: "nbgitpuller's dependencies bring rfc3987-syntax back (see above): remove it again."; \
	if [ -n "$$uv" ]; then "$$uv" pip uninstall --quiet --python $(BIN)/python rfc3987-syntax; \
	else $(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax; fi; \
	echo "Compiling bytecode (uv installs without it; kernels and tests start faster with it)"; \
	$(compile_bytecode) && touch $(BYTECODE_STAMP)
	@touch $@

## Open the course in JupyterLab (localhost only, token authentication on).
# On its first start the venv's bytecode is compiled in the background, at low priority, so that
# the first kernel starts fast; JupyterLab does not wait for it.
lab: $(RUNTIME_STAMP)
	@test -f $(BYTECODE_STAMP) || { nice -n 19 $(compile_bytecode) && touch $(BYTECODE_STAMP); } >/dev/null 2>&1 &
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --LabApp.news_url=None $(ALLOW_ROOT) \
		--ServerApp.root_dir="$(CURDIR)" $(LAB_ARGS) notebooks/00-start-here.ipynb

# IPython warns, and keeps its state in a temporary folder, when IPYTHONDIR's parent is missing (a fresh clone).
$(IPYTHONDIR):
	@mkdir -p $@

## Run every test: unit, data validation, hygiene, exercises current, nbval, real browser.
test: $(TEST_STAMP) | $(IPYTHONDIR)
	$(BIN)/python -m pytest $(PARALLEL)

unit: $(TEST_STAMP) | $(IPYTHONDIR)
	$(BIN)/python -m pytest $(PARALLEL) -m "not browser" tests

notebooks: $(TEST_STAMP) | $(IPYTHONDIR)
	$(BIN)/python -m pytest $(PARALLEL) notebooks solutions exercises

browser: $(TEST_STAMP) | $(IPYTHONDIR)
	$(BIN)/python -m pytest $(PARALLEL) -m browser tests

## What can differ by Python, on another Python, in its own .venv-pyX.Y: the unit tests and the lesson and
## solution notebooks (not the browser tests, not the checks of files marked same_on_every_python, not the
## exercise notebooks generated from the solutions: see conftest.py).
##   make test-python PYTHON=python3.13 [OFFLINE=1]   (CI runs this besides `make test`, with OFFLINE=1)
## OFFLINE=1 installs first (that needs the network), then runs the tests with no network (.ci/offline).
test-python:
	@$(find_python); \
	$(MAKE) --no-print-directory VENV=.venv-py$$ver PYTHON="$$py" _test-python

_test-python: $(TEST_STAMP) | $(IPYTHONDIR)
	$(if $(OFFLINE),.ci/offline) $(BIN)/python -m pytest $(PARALLEL) -m "not browser and not same_on_every_python" \
		tests notebooks solutions

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
	@$(compile_package)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## A JupyterHub classroom rehearsal on 127.0.0.1 (not part of `make test`: a few minutes, both cores):
## LEARNERS learners (default 5) log in, pull the course with an nbgitpuller link from a local git copy,
## run a lesson; prints memory per learner, time to the first executed lesson and a sizing line (with a
## learner for every lesson, LEARNERS=10, it records them in deploy/sizing.json). Uses its own .venv-hub
## (the course's pins + deploy/rehearsal/requirements.txt) and configurable-http-proxy from npm
## (deploy/rehearsal/package-lock.json). deploy/README.md explains.
LEARNERS ?= 5
HUB_VENV := .venv-hub
rehearsal:
	@$(MAKE) --no-print-directory VENV=$(HUB_VENV) _rehearsal

_rehearsal: $(RUNTIME_STAMP) $(VENV)/.hub-installed
	$(BIN)/python deploy/rehearsal/rehearse.py --learners $(LEARNERS) $(REHEARSAL_ARGS)

$(VENV)/.hub-installed: $(RUNTIME_STAMP) deploy/rehearsal/requirements.txt deploy/rehearsal/package.json \
		deploy/rehearsal/package-lock.json
	@set -e; py=$(BIN)/python; $(get_uv); $(install_fn); \
	echo "Installing JupyterHub and nbgitpuller (deploy/rehearsal/requirements.txt) into $(VENV) with $${uv:-pip}"; \
	install -r deploy/rehearsal/requirements.txt; \
	: "JupyterHub's dependencies bring rfc3987-syntax back; the course's venvs go without it (see above)."; \
	if [ -n "$$uv" ]; then "$$uv" pip uninstall --quiet --python $(BIN)/python rfc3987-syntax; \
	else $(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax; fi; \
	echo "Installing configurable-http-proxy (deploy/rehearsal/package-lock.json) into $(VENV)/node with npm"; \
	mkdir -p $(VENV)/node; cp deploy/rehearsal/package.json deploy/rehearsal/package-lock.json $(VENV)/node/; \
	npm ci --prefix $(VENV)/node --no-audit --no-fund --loglevel=error; \
	echo "Compiling bytecode (as a hub image would have it)"; \
	$(compile_bytecode)
	@touch $@

clean:
	rm -rf $(VENV) .venv-py3.* .venv-hub .jupyter
