"""The aggregate pages every role may see: the overview of every indicator's latest
figure and the page of one indicator. Members see them suppressed as the public report
is; managers and analysts see the internal figures. Plain functions, which Starlette
runs in its thread pool, so a report being built does not hold up other requests."""

from __future__ import annotations

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scorecard.access.sessions import Session
from scorecard.outputs.charts import format_figure, sparkline
from scorecard.outputs.model import Entry, Report, control_chart, shown_figure
from scorecard.web.auth import AGGREGATE, require
from scorecard.web.rendering import render


def audience(session: Session) -> str:
    """Members see what the public sees; the others see the internal figures."""
    return "public" if session.user.role == "member" else "internal"


def overview(request: Request) -> HTMLResponse:
    session = require(request, AGGREGATE)
    report = request.app.state.site.report(audience(session))
    chosen = request.query_params.get("section", "")
    sections = [s for s in report.sections if not chosen or s.key == chosen]
    rows = request.app.state.site.kept(("overview rows", audience(session)), lambda: _rows(report))
    return render(
        request, "overview.html.j2", session, {"report": report, "sections": sections, "chosen": chosen, "rows": rows}
    )


def indicator(request: Request) -> HTMLResponse:
    session = require(request, AGGREGATE)
    report = request.app.state.site.report(audience(session))
    wanted = request.path_params["indicator_id"]
    entry = next((e for s in report.sections for e in s.entries if e.indicator_id == wanted), None)
    if entry is None:
        raise HTTPException(404, f"There is no indicator {wanted!r} in this report.")
    definition = next((d for _, items in report.glossary for d in items if d["id"] == wanted), None)
    # The report shows a control chart only where there is a signal; here there is room
    # for it whenever the monthly series has process limits.
    control = control_chart(entry.judgement, entry.title)
    shown = [*entry.charts, *([control] if control and control not in entry.charts else [])]
    context = {"report": report, "e": entry, "charts": shown, "definition": definition}
    return render(request, "indicator.html.j2", session, context)


def _rows(report: Report) -> dict[str, dict]:
    return {e.indicator_id: _row(e) for s in report.sections for e in s.entries}


def _row(entry: Entry) -> dict:
    j, r, c = entry.judgement, entry.judgement.result, entry.judgement.comparison
    trend = next((chart for chart in entry.charts if chart.kind == "trend"), None)
    return {
        "figure": shown_figure(r),
        "rag": j.rag,
        "travel": entry.travel,
        "england": format_figure(c.england, r.unit) if c else "",
        "band": (c.quartile_band or "") if c else "",
        # Markup, drawn once: the overview is the page most often asked for.
        "sparkline": Markup(sparkline(trend).svg()) if trend else None,
    }
