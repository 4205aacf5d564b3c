# Referral assistant: every target does the set-up it needs (venv, model, directory).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.10: a pyenv shim may exist without being selected, so try each candidate.
PYTHON310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
DEPS_STAMP := $(VENV)/.deps-$(shell cat requirements.txt requirements-dev.txt constraints.txt 2>/dev/null | sha1sum | cut -c1-12)
SPACY_MODEL := var/spacy/sv_lookup
MODEL_STAMP := models/.trained
# Everything the trained model depends on: data, domain, pipeline, the components' code and the
# text normalisation they apply while training (the unknown-words vocabulary is folded text).
TRAINING_INPUTS := config.yml $(shell find data bot/domain -name '*.yml' 2>/dev/null) \
	$(wildcard bot/components/*.py) bot/text.py bot/safety/text.py bot/spacy_model.py \
	bot/safety/danger_model.py $(wildcard bot/safety/danger_training/*.yml) \
	bot/guidance_questions.py $(wildcard directory/guidance/*.yml)
RASA_ENV := SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=3 PYTHONHASHSEED=0 RASA_TELEMETRY_ENABLED=false

.PHONY: help postgres redis chromium screenshots setup run shell test test-fast test-stories eval eval-nlu bench lint validate train directory bench-directory clean print print-tools print-previews lighthouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(DEPS_STAMP): requirements.txt requirements-dev.txt constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install it (e.g. pyenv install 3.10) and retry." >&2; exit 1; }
	@test -x $(PY) || { echo "Creating $(VENV) with $(PYTHON310)"; "$(PYTHON310)" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade "pip==24.0"
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	rm -f $(VENV)/.deps-*; touch $@

$(SPACY_MODEL)/meta.json: $(DEPS_STAMP) bot/spacy_model.py
	$(PY) -m bot.spacy_model $(SPACY_MODEL)

setup: $(DEPS_STAMP) $(SPACY_MODEL)/meta.json directory ## Create the venv, build the spaCy pipeline, load the directory

directory: $(DEPS_STAMP) ## Validate and load the service directory (a no-op when unchanged)
	$(PY) -m directory load

validate: setup ## Validate the Rasa training data (warnings are errors)
	$(RASA_ENV) $(RASA) data validate --fail-on-warnings --domain bot/domain --data data --config config.yml

$(MODEL_STAMP): $(TRAINING_INPUTS) $(SPACY_MODEL)/meta.json | $(DEPS_STAMP)
	$(RASA_ENV) $(RASA) data validate --fail-on-warnings --domain bot/domain --data data --config config.yml
	$(RASA_ENV) $(RASA) train --domain bot/domain --data data --config config.yml --out models --fixed-model-name assistant
	touch $@

train: $(MODEL_STAMP) ## Train the model when data, domain or config changed

run: setup train ## Start the action server and the Rasa server (Ctrl-C stops both)
	$(RASA_ENV) $(PY) -m bot.launcher

shell: setup train ## Talk to the assistant in the terminal (rasa shell)
	$(RASA_ENV) $(PY) -m bot.launcher --shell

# Tests start their own PostgreSQL on loopback; install Debian's package when it is missing.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "Installing PostgreSQL for the tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# Browser tests drive Debian's Chromium (never `playwright install`: no browser downloads).
chromium:
	@test -x /usr/bin/chromium || { echo "Installing Chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Printing lays sheets out with Debian's Pango and Noto fonts (Latin, Cyrillic, Arabic, Ethiopic);
# the tests read the PDFs back with poppler (pdftotext, pdffonts, pdftoppm) and zbar (QR codes).
print-tools:
	@{ fc-list | grep -q NotoSansEthiopic && fc-list | grep -q NotoSansArabic \
		&& command -v pdftotext >/dev/null && command -v zbarimg >/dev/null \
		&& ldconfig -p | grep -q libpangoft2; } || { \
		echo "Installing Pango, the Noto fonts, poppler-utils and zbar-tools for printing (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core poppler-utils zbar-tools >/dev/null; }

print: setup print-tools ## Brochures, posters, wallet cards and the staff card in every language into build/print
	$(PY) -m directory print-all --output-dir build/print

print-previews: print ## PNG previews of some printed sheets into docs/print
	$(PY) -m directory.printing.previews build/print docs/print

# Lighthouse from npm (pinned in tools/lighthouse), run with Debian's Chromium: a minute or two.
lighthouse: setup train chromium ## Lighthouse accessibility and best practices of the demo page into docs/widget.md (not in make test)
	cd tools/lighthouse && npm install --no-audit --no-fund --silent
	$(RASA_ENV) $(PY) -m bench.lighthouse --write-docs

screenshots: setup train chromium ## Screenshots of the widget into docs/screenshots
	$(RASA_ENV) $(PY) -m tests.browser.screenshots

test: setup train postgres chromium redis print-tools ## Run every test (starts and stops the servers it needs)
	$(RASA_ENV) $(RASA) data validate --fail-on-warnings --domain bot/domain --data data --config config.yml --quiet
	$(RASA_ENV) $(RASA) test core --model models/assistant.tar.gz --stories tests/stories \
		--out var/results/stories --fail-on-prediction-errors --quiet
	$(RASA_ENV) SQLALCHEMY_WARN_20=1 $(PY) -m pytest

# The edit-test loop: no trained model, no servers, no browser, no root (under a minute).
test-fast: $(DEPS_STAMP) ## Run the tests that need no model, server or browser
	$(RASA_ENV) SQLALCHEMY_WARN_20=1 $(PY) -m pytest -m "not servers and not slow" -q

test-stories: setup train ## Run only the Rasa test stories
	$(RASA_ENV) $(RASA) test core --model models/assistant.tar.gz --stories tests/stories \
		--out var/results/stories --fail-on-prediction-errors

eval-nlu: setup train ## Held-out NLU test per language into docs/evaluation.md
	$(RASA_ENV) $(PY) -m bench.nlu_eval --write-docs

# The referral eval runs last: it exits 1 when an immediate-danger case fails.
eval: setup train ## Held-out NLU, language detection, danger, staff questions and referrals on the blind sets into docs/evaluation.md
	$(RASA_ENV) $(PY) -m bench.nlu_eval --write-docs
	$(RASA_ENV) $(PY) -m bench.language_eval --write-docs
	$(RASA_ENV) $(PY) -m bench.danger_eval --write-docs
	$(RASA_ENV) $(PY) -m bench.staff_eval --write-docs
	$(RASA_ENV) $(PY) -m bench.referral_blind --write-docs
	$(RASA_ENV) $(PY) -m bench.eval_referrals --write-docs

# The two-worker runs (bench, statistics tests) need Redis: they start Debian's redis-server on loopback.
redis:
	@command -v redis-server >/dev/null || { echo "Installing redis-server for the bench (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

bench: setup train redis print-tools ## Speed and memory under load, side by side with a stock Rasa bot, and what the danger signal and the statistics cost, into docs/benchmarks.md
	$(RASA_ENV) $(PY) -m bench.load --write-docs --sanic-workers 2
	$(RASA_ENV) $(PY) -m bench.danger_cost --write-docs
	$(RASA_ENV) $(PY) -m bench.stats_cost --write-docs
	$(PY) -m bench.print_time --write-docs

lint: $(DEPS_STAMP) ## Lint with ruff, type-check with mypy (settings in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench-directory: setup ## Benchmark the directory at the size of all Swedish municipalities
	$(PY) bench/directory_bench.py --write-docs

clean: ## Remove the venv, models and local data
	rm -rf $(VENV) models var build tools/lighthouse/node_modules .pytest_cache .ruff_cache
