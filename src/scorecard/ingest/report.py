"""What a load (or a validation) reports, file by file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from scorecard.findings import Finding
from scorecard.ingest.records import FileInfo, Reader

Status = Literal["loaded", "unchanged", "skipped", "failed"]


@dataclass
class FileReport:
    path: Path
    title: str = ""
    status: Status = "loaded"
    info: FileInfo | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    replaced: bool = False
    findings: list[Finding] = field(default_factory=list)
    explicit: bool = True
    reader: Reader | None = None
    sha256: str = ""
    file_id: int | None = None

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined

    def fail(self, finding: Finding) -> None:
        self.status = "failed"
        self.findings.append(finding)


@dataclass
class LoadReport:
    load_id: int | None
    files: list[FileReport]

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def findings(self) -> list[Finding]:
        return [f for file in self.files for f in file.findings]
