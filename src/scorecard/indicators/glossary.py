"""The glossary of indicators, generated from their definitions with the settings
in force (`scorecard definitions`)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from scorecard.config import Config
from scorecard.indicators.definition import SECTIONS, Definition
from scorecard.store.merge import RULE

DIRECTIONS = {"up": "higher is better", "down": "lower is better", "none": "neither higher nor lower is better"}
KINDS = {
    "flow": "events in the period",
    "snapshot": "the position on the last day of the period",
    "rolling": "the position at the period end, judged over the 12 months to it",
    "census": "the position at the latest workforce census (30 September) in the 12 months to the period end: "
    "a yearly figure, compared with the census the year before",
    "annual_cohort": "a yearly cohort from the return: the latest financial year ended by the period end, "
    "compared with the cohort the year before",
}


def glossary(definitions: dict[str, Definition], config: Config, form: str = "markdown") -> str:
    environment = Environment(
        loader=PackageLoader("scorecard.indicators", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("glossary.html.j2" if form == "html" else "glossary.md.j2")
    return template.render(sections=glossary_sections(definitions, config), repeated_records=RULE)


def glossary_sections(definitions: dict[str, Definition], config: Config) -> list[tuple[str, list[dict]]]:
    """(section title, entries) for every section with definitions: what each glossary shows."""
    sections = []
    for key, title in SECTIONS.items():
        items = [_entry(d, config) for d in definitions.values() if d.section == key]
        if items:
            sections.append((title, items))
    return sections


def _entry(definition: Definition, config: Config) -> dict:
    values = definition.defaults() | config.parameters_for(definition.id)
    return {
        "id": definition.id,
        "title": definition.title,
        "text": definition.glossary.format_map(values),
        "kind": KINDS[definition.kind],
        "unit": definition.unit.replace("_", " "),
        "direction": DIRECTIONS[definition.polarity],
        "sources": ", ".join(s.replace("|", " or ") for s in definition.sources),
        "parameters": [
            {
                "name": p.name,
                "value": values[p.name],
                "default": p.default,
                "changed": values[p.name] != p.default,
                "description": p.description,
            }
            for p in definition.parameters
        ],
    }
