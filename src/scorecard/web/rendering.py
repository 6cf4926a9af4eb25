"""Pages rendered from the templates in templates/, with what every page shows (the
site, who is signed in and their CSRF token for the sign-out form)."""

from __future__ import annotations

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scorecard.access.sessions import Session
from scorecard.outputs.html import inline_svg
from scorecard.outputs.model import COMPARISON_COLUMNS, RAG_WORDS

# The report's templates too: the dashboard draws charts and comparisons as it does.
_templates = Environment(
    loader=ChoiceLoader([PackageLoader("scorecard.web", "templates"), PackageLoader("scorecard.outputs", "templates")]),
    autoescape=select_autoescape(enabled_extensions=("html.j2",)),
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters["picture"] = inline_svg
_templates.globals.update(rag_words=RAG_WORDS, comparison_columns=COMPARISON_COLUMNS)


def fragment(template: str, context: dict) -> Markup:
    """Part of a page that is the same for every user who sees it, to be kept."""
    return Markup(_templates.get_template(template).render(**context))


def render(request: Request, template: str, session: Session | None, context: dict, status: int = 200) -> HTMLResponse:
    page = _templates.get_template(template).render(
        request=request, session=session, site=request.app.state.site, **context
    )
    return HTMLResponse(page, status_code=status)
