"""Code lists, kept as data with the collection years each code is valid.

The YAML files beside this module hold one mapping per list. A code is either
`CODE: label` (valid in every year) or `CODE: {label: ..., from: 2022-23, to: 2023-24}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from scorecard import yamltext


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    first_year: int | None = None
    last_year: int | None = None

    def valid_in(self, year: int | None) -> bool:
        """Whether the code is valid in the collection year starting in `year` (None: any year)."""
        if year is None:
            return True
        after_first = self.first_year is None or year >= self.first_year
        before_last = self.last_year is None or year <= self.last_year
        return after_first and before_last


@dataclass(frozen=True)
class CodeList:
    name: str
    title: str
    codes: dict[str, Code]

    def valid(self, code: str, year: int | None = None) -> bool:
        entry = self.codes.get(code)
        return entry is not None and entry.valid_in(year)

    def codes_in(self, year: int | None) -> list[str]:
        return [c.code for c in self.codes.values() if c.valid_in(year)]


def collection_year_start(label: str) -> int:
    """`2023-24` -> 2023."""
    return int(label[:4])


@cache
def code_lists() -> dict[str, CodeList]:
    lists: dict[str, CodeList] = {}
    for file in sorted(resources.files(__package__).iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".yml"):
            continue
        for name, spec in yamltext.parse(file.read_text(encoding="utf-8")).items():
            if name in lists:
                raise ValueError(f"code list {name} is defined twice ({file.name})")
            lists[name] = CodeList(name, spec["title"], _codes(name, spec["codes"]))
    return lists


def code_list(name: str) -> CodeList:
    return code_lists()[name]


def _codes(list_name: str, entries: dict) -> dict[str, Code]:
    codes = {}
    for code, value in entries.items():
        if not isinstance(code, str):
            # YAML reads bare YES/NO/4 as booleans or numbers; the file must quote them.
            raise ValueError(f"code list {list_name}: code {code!r} must be quoted in the YAML")
        if isinstance(value, str):
            codes[code] = Code(code, value)
        else:
            codes[code] = Code(
                code,
                value["label"],
                collection_year_start(value["from"]) if "from" in value else None,
                collection_year_start(value["to"]) if "to" in value else None,
            )
    return codes
