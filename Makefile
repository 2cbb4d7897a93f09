# Two commands do all the set-up on a fresh Debian machine:
#   make demo   install everything, check the library, build every example brief into output/ and
#               one constituent letter per row of briefs/people.csv into output/people/
#   make test   install everything, then lint, type-check and run the test suite (the browser test
#               runs in Debian's chromium, installed here)
#   make serve  the web app on http://127.0.0.1:8000/
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := fonts-noto-core fonts-noto-cjk libharfbuzz-subset0 poppler-utils libreoffice-writer-nogui chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test setup system lint golden bench screenshot serve clean

demo: setup
	$(BIN)/advocate check
	$(BIN)/advocate points --topic forced-labour
	$(BIN)/advocate build
	$(BIN)/advocate letters briefs/constituent-letter.yaml --people briefs/people.csv --similarity

test: setup lint
	$(BIN)/pytest

lint:
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy

setup: system $(VENV)/.installed

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

golden: setup
	ADVOCATE_REGENERATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py -q

screenshot: setup
	$(BIN)/python tools/screenshot_web.py docs/constituent-form.png

serve: setup
	$(BIN)/advocate serve

bench: setup
	$(BIN)/python bench/build.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) output/*.docx output/*.pdf
