"""The analyst's data page: the files loaded so far, the LA's settings in force, and
loading more returns or extracts from the browser. A load is all or nothing and is
recorded in the audit log; while it runs the app waits for it, as it waits for
anything else made from the store, and what was kept is made again afterwards."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from scorecard.access.audit import record
from scorecard.access.database import open_access
from scorecard.ingest.load import LoadError
from scorecard.ingest.report import LoadReport
from scorecard.store.database import StoreError
from scorecard.web.auth import EVERYTHING, client, posted, require
from scorecard.web.rendering import render
from scorecard.web.site import Site

MAX_UPLOAD = 1024**3  # bytes in one upload: a large LA's six years of returns are a few hundred MB


def data_page(request: Request) -> HTMLResponse:
    session = require(request, EVERYTHING)
    return render(request, "data.html.j2", session, _context(request.app.state.site, None, ""))


async def upload(request: Request) -> HTMLResponse:
    session = require(request, EVERYTHING)
    if int(request.headers.get("content-length", "0")) > MAX_UPLOAD:
        raise HTTPException(413, f"The upload is larger than {MAX_UPLOAD // 1024**2} MB: load it with scorecard load.")
    form = await posted(request, session)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    site: Site = request.app.state.site
    if not files:
        return render(request, "data.html.j2", session, _context(site, None, "Choose one or more files to load."), 400)
    folder = Path(tempfile.mkdtemp(prefix="scorecard-upload-"))  # mode 0700: this user only
    try:
        paths = [await _save(f, folder) for f in files]
        la, year = (str(form.get(k, "")).strip() or None for k in ("la", "year"))
        try:
            report = await run_in_threadpool(site.load, paths, la, year)
        except (LoadError, StoreError) as error:  # they name the file and what is wrong
            return render(request, "data.html.j2", session, _context(site, None, str(error)), 400)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with open_access(site.db) as con:
        names = ", ".join(p.name for p in paths)
        loaded = sum(f.rows_loaded for f in report.files)
        record(con, session.user.name, "load", names, client(request), f"{loaded} rows loaded, load {report.load_id}")
    return render(request, "data.html.j2", session, _context(site, report, ""))


async def _save(upload: UploadFile, folder: Path) -> Path:
    # The name alone, never a path the browser sent ("../../x" stays in the folder).
    path = folder / Path(upload.filename or "upload").name
    with path.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            out.write(chunk)
    return path


def _context(site: Site, report: LoadReport | None, error: str) -> dict:
    config_text = site.config.path.read_text(encoding="utf-8") if site.config.path else ""
    return {"loads": site.loads(), "report": report, "error": error, "config_text": config_text}
