"""YAML, read safely (no Python objects built from tags) and with libyaml's C parser
when PyYAML has it: the catalogue's definitions are read on every run, and the pure
Python parser took a second over them."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)
