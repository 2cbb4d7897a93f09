# Two commands do all the set-up on a fresh Debian machine:
#   make demo   install what advocate needs (fonts, WeasyPrint's font subsetter, the package), check the
#               library, build every example brief into output/ and one constituent letter per row of
#               briefs/people.csv into output/people/
#   make test   install that and what the tests need (poppler, LibreOffice, Chromium, the dev tools),
#               then lint, type-check and run the test suite
#   make serve  the web app on http://127.0.0.1:8000/
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := fonts-noto-core fonts-noto-cjk libharfbuzz-subset0
TEST_PACKAGES := poppler-utils libreoffice-writer-nogui chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test setup setup-test system system-test lint golden bench screenshot serve clean

demo: setup
	$(BIN)/advocate check
	$(BIN)/advocate points --topic forced-labour
	$(BIN)/advocate build
	$(BIN)/advocate letters briefs/constituent-letter.yaml --people briefs/people.csv --similarity

test: setup-test lint
	$(BIN)/pytest

lint: setup-test
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy

setup: system $(VENV)/.installed

setup-test: setup system-test $(VENV)/.installed-dev

# apt-get install, only of the packages that are missing: $(1) is the list.
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

system:
	$(call apt_install,$(SYSTEM_PACKAGES))

system-test:
	$(call apt_install,$(TEST_PACKAGES))

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

golden: setup-test
	ADVOCATE_REGENERATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py -q

screenshot: setup-test
	$(BIN)/python tools/screenshot_web.py docs/constituent-form.png

serve: setup
	$(BIN)/advocate serve

bench: setup-test
	$(BIN)/python bench/build.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) output/*.docx output/*.pdf
