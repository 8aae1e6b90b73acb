# The two set-up commands of the README, and a few everyday helpers.
#   make demo   engine + images + the Flask/Redis example up, answering on http://localhost:5000
#   make test   engine + images + every test (unit and end-to-end on the real engine)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WEB_PORT ?= 5000

.PHONY: demo demo-down test lint install engine images tools

# The editable install puts the checkout on sys.path with a plain .pth line ("compat" mode): the default
# mode's import hook loads pathlib, re and urllib at every start of the interpreter, 10-15 ms of each
# command. Where setuptools no longer offers compat mode, the default mode is used.
$(BIN)/pycompose: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]' --config-settings editable_mode=compat 2>/dev/null || \
	  $(BIN)/pip install -q -e '.[dev]'
	touch $@

# The bytecode is compiled here, as pip does when it installs a wheel: where the environment forbids Python
# to write it (PYTHONDONTWRITEBYTECODE), every command would otherwise compile its modules again.
install: $(BIN)/pycompose
	@$(BIN)/python -m compileall -q compose

engine:
	@scripts/engine start >/dev/null

images: engine
	@eval "$$(scripts/engine env)" && scripts/images >/dev/null

# tmux, for the live view's terminal tests
tools:
	@scripts/tools

# Waits until the app answers: a 404 on /ready does not count as a hit.
demo: install images
	@eval "$$(scripts/engine env)" && \
	  PYTHON_IMAGE=pycompose/python:bookworm REDIS_IMAGE=pycompose/redis:bookworm WEB_PORT=$(WEB_PORT) \
	  $(BIN)/pycompose -f examples/flask-redis/compose.yaml up -d && \
	  for i in $$(seq 100); do curl -s -o /dev/null localhost:$(WEB_PORT)/ready && break; sleep 0.2; done && \
	  echo && echo "The hit counter answers on http://localhost:$(WEB_PORT)/ (try: curl localhost:$(WEB_PORT))" && \
	  echo "Engine: $$(scripts/engine env)"

demo-down: install
	@eval "$$(scripts/engine env)" && $(BIN)/pycompose -f examples/flask-redis/compose.yaml down -v

test: install images tools
	@eval "$$(scripts/engine env)" && $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check compose tests
	$(BIN)/mypy
