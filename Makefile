# vconf: `make html` builds the sample conference; `make test` runs the tests.
# Both set up their own virtualenv (.venv) on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SPHINXOPTS ?= -j auto
SRC ?= conference
OUT ?= _build/html
STAMP := $(VENV)/.vconf-installed

.PHONY: html test test-deps serve clean dist bench lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch's CPU wheel first: left to itself, pip pulls several GB of CUDA packages.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,model]'
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build -b html -c . -d _build/doctrees $(SPHINXOPTS) $(SRC) $(OUT)

test: $(STAMP) test-deps
	$(BIN)/python -m pytest tests

# What only the tests need: Debian's Chromium for the real-browser tests (when we may install
# it), and a Matrix homeserver in its own venv for the chat test.
test-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "note: no chromium: the browser tests will be skipped"
	bash scripts/synapse-venv.sh
	@[ -f node_modules/axe-core/axe.min.js ] || { command -v npm >/dev/null && \
	  npm install --no-save --no-package-lock --no-audit --no-fund --silent axe-core@4; } || \
	  echo "note: no npm: the accessibility (axe-core) tests will be skipped"

serve: html
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(OUT) 8000

lint: $(STAMP)
	$(BIN)/ruff check sphinxext_vconf tests benchmarks scripts

dist: html
	mkdir -p _build/dist
	tar --sort=name --mtime='2000-01-01 00:00Z' --owner=0 --group=0 --numeric-owner \
	    -czf _build/dist/site.tar.gz -C $(OUT) .
	@echo "_build/dist/site.tar.gz: the site, ready for any static host"

PAPERS ?= 5000
bench: $(STAMP)  # make bench PAPERS=20000
	$(BIN)/python benchmarks/bench_scale.py --papers $(PAPERS)
	$(BIN)/python benchmarks/bench_schedule.py --sessions 1000

clean:
	rm -rf _build
	# Only pages vconf generated (they carry its marker); pages you wrote stay.
	[ ! -x $(BIN)/vconf ] || $(BIN)/vconf clean $(SRC)
