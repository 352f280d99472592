# Two commands set everything up: `make run` starts the app, `make test` runs the checks
# (`make test-slow` the long scenarios they leave out).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run cli test test-slow lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/willay

# ruff for style and bugs; lint-imports for the layers (the contracts are in pyproject.toml).
lint: $(TEST_STAMP)
	$(BIN)/ruff check desktop tests resources packaging
	$(BIN)/lint-imports

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

# One worker per core; worksteal hands the queue's tail to whichever worker is free, so
# neither waits idle behind the other's long tests. Tests marked slow run in test-slow.
# Compiled modules are kept (PYTHONDONTWRITEBYTECODE unset): otherwise both workers and
# every willay-cli the tests start would compile the same sources again.
PYTEST := QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist worksteal

unit: $(TEST_STAMP)
	$(PYTEST) -m "not slow"

test: lint typecheck unit

test-slow: $(TEST_STAMP)
	$(PYTEST) -m slow

bench: $(TEST_STAMP)
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench-results.json

# Spanish catalog: pyside6-lupdate collects the English source strings of the window into
# the .ts (existing translations are kept), pyside6-lrelease compiles it into the .qm.
# Both files are committed; tests/gui/test_translations.py checks they are complete and current.
TS := resources/translations/willay_es.ts
QM := resources/translations/willay_es.qm
# The core's and the command line's messages: Babel extracts the English inside _() and
# ngettext() into the .pot, merges it into the Spanish .po (existing translations kept)
# and compiles the .mo. The .po and .mo are committed; tests/unit/test_messages.py checks
# every message has its Spanish form and the .mo is current.
POT := resources/locale/willay.pot
PO := resources/locale/es/LC_MESSAGES/willay.po

.PHONY: translations screenshots

translations: $(TEST_STAMP)
	$(BIN)/pyside6-lupdate $$(find desktop/willay/gui -name '*.py' | sort) -locations none \
		-no-obsolete -source-language en -target-language es -ts $(TS)
	$(BIN)/pyside6-lrelease $(TS) -qm $(QM)
	$(BIN)/pybabel -q extract --no-location --sort-output --no-wrap -k _ -k ngettext:1,2 \
		--project Willay --copyright-holder "Willay" -o $(POT) desktop/willay/core desktop/willay/cli
	if [ -f $(PO) ]; then \
		$(BIN)/pybabel -q update --no-fuzzy-matching --no-wrap --ignore-obsolete -D willay -l es -i $(POT) -d resources/locale; \
	else $(BIN)/pybabel -q init --no-wrap -D willay -l es -i $(POT) -d resources/locale; fi
	$(BIN)/pybabel -q compile --statistics -D willay -d resources/locale

# Renders each main screen in Spanish and English (1366×768, offscreen) from a demo vault
# of invented records, into docs/screenshots/.
screenshots: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen:configfile=tests/screens/screen-1366x768.json \
		$(BIN)/python -m tests.screens.screenshots docs/screenshots

# The frozen app (packaging/README.md): dist/willay/ holds `willay` and `willay-cli`.
PACKAGE_STAMP := $(VENV)/.installed-package

.PHONY: package package-check

$(PACKAGE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $@ $(RUN_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/willay.spec
	@du -sh dist/willay

# Runs the frozen build: the self-test of willay-cli, then willay up to its first window,
# offscreen and, where xvfb-run exists, on a virtual X display (the plugin real screens use).
package-check: $(PACKAGE_STAMP)
	$(BIN)/python packaging/check_folder.py dist/willay
	dist/willay/willay-cli --version
	dist/willay/willay-cli about
	dist/willay/willay-cli selftest
	$(BIN)/python packaging/check_hub.py dist/willay
	QT_QPA_PLATFORM=offscreen WILLAY_EXIT_AFTER_FIRST_WINDOW=1 \
		WILLAY_VAULT="$$(mktemp -u -d)" timeout 120 dist/willay/willay
	if command -v xvfb-run >/dev/null; then \
		QT_QPA_PLATFORM=xcb WILLAY_EXIT_AFTER_FIRST_WINDOW=1 WILLAY_VAULT="$$(mktemp -u -d)" \
		timeout 120 xvfb-run -a dist/willay/willay; fi
