# Two commands on a fresh machine (Python 3.11+ with venv, and make):
#   make demo   installs everything and runs the main job on the synthetic LA
#   make test   installs everything and runs the whole test suite
# Dependencies are pinned in uv.lock; uv itself is pinned below and installed
# into .tools/ so nothing is installed system-wide.

UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo test install lint

demo: install
	.venv/bin/scorecard demo

test: install
	.venv/bin/python -m pytest

install: $(UV)
	$(UV) sync --frozen --quiet

lint: install
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .

$(UV):
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
