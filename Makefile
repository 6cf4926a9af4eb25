# Two commands on a fresh machine (Python 3.11+ with venv, and make):
#   make demo   installs everything and runs the main job on the synthetic LA
#   make test   installs everything and runs the whole test suite
#               (and, for the accessibility test only, Debian's chromium and axe-core;
#               for the engine tests, a Java runtime and PostgreSQL when missing)
# Dependencies are pinned in uv.lock; uv itself is pinned below and installed
# into .tools/ so nothing is installed system-wide.

UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo test install pango browser-tools engine-tools lint

demo: install pango
	.venv/bin/scorecard demo

test: install pango browser-tools engine-tools
	.venv/bin/python -m pytest

install: $(UV)
	$(UV) sync --frozen --quiet

# Debian packages, installed only when missing. apt needs root: use sudo when we are not
# root and it is there; otherwise say what to do and carry on, so what does not need the
# package still runs.
define apt_install
if [ "$$(id -u)" = 0 ]; then sudo=; \
elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
else echo "make: cannot install $(1) (not root, no sudo): run as root:" \
  "apt-get update && apt-get install -y --no-install-recommends $(1)" >&2; exit 0; fi; \
if ! command -v apt-get >/dev/null 2>&1; then \
  echo "make: no apt-get here: install $(1) some other way" >&2; exit 0; fi; \
set -x; $$sudo apt-get update && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y --no-install-recommends $(1)
endef

# WeasyPrint, which prints the PDF report (the demo writes one), lays text out with Pango.
pango:
	@if ! $$(command -v ldconfig || echo /sbin/ldconfig) -p | grep -q 'libpangoft2-1.0.so.0'; then $(call apt_install,libpango-1.0-0 libpangoft2-1.0-0); fi

# tests/test_engines.py runs the definitions on a throwaway PostgreSQL server (the
# installed server's binaries) and on Spark in local mode (pyspark needs a Java runtime).
engine-tools:
	@if ! command -v java >/dev/null 2>&1; then $(call apt_install,default-jre-headless); fi
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then $(call apt_install,postgresql-15); fi

# tests/test_accessibility.py opens the HTML report in headless Chromium and checks it
# with axe-core. The demo does not need a browser, so only `make test` installs these.
# Playwright's own browser downloads are never used: the browser is Debian's package.
CHROMIUM := /usr/bin/chromium
AXE := node_modules/axe-core/axe.min.js

browser-tools: $(CHROMIUM) $(AXE)

# Runs only when chromium is missing; without it the accessibility test fails, saying so.
$(CHROMIUM):
	@$(call apt_install,chromium)

# axe-core at the exact version in package-lock.json. Runs when it is missing or the lock
# file has changed; touch, because npm gives installed files their tarball's old dates.
$(AXE): package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  set -x; npm ci --no-audit --no-fund && touch $@; \
	else echo "make: no npm here: install Node.js and npm to run the accessibility test" >&2; fi

lint: install
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .

$(UV):
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
