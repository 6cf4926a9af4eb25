"""Findings about input: one catalogue of codes, and the frozen record each
reader, check and loader returns instead of raising."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from scorecard import yamltext

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    severity: Severity
    template: str


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    file: str
    location: str
    message: str
    child_id: str | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}, {self.location}" if self.location else self.file
        return f"{where}: {self.message}"


@cache
def catalogue() -> dict[str, Rule]:
    text = resources.files("scorecard").joinpath("findings.yml").read_text(encoding="utf-8")
    return {code: Rule(code, **spec) for code, spec in yamltext.parse(text).items()}


def finding(
    code: str,
    file: str,
    location: str = "",
    child_id: str | None = None,
    field: str | None = None,
    value: str | None = None,
    **details: str,
) -> Finding:
    rule = catalogue()[code]
    message = rule.template.format(field=field, value=value, **details)
    return Finding(code, rule.severity, file, location, message, child_id, field, value)
