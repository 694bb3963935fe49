"""Validation of statutes: the AKN schema, then lawdiff's semantic rules, then format irregularities.

Each finding is a `Finding` printed as ``file:line: error|warning: message``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.model import NS, Provision, Statute, ld, parse_xml, schema_errors
from lawdiff.errors import LawdiffError, ParseError
from lawdiff.importing.instrument_xml import instrument_from_akn
from lawdiff.importing.markdown import import_markdown, irregularities

#: Stands for the date of a law whose header has none, while its text is checked.
_UNDATED = dt.date(1, 1, 1)


@dataclass(frozen=True)
class Finding:
    """One problem found in a file."""

    path: str
    line: int | None
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


def validate_statute(statute: Statute, path: str) -> list[Finding]:
    """Return the schema errors, semantic errors and irregularity warnings of a statute."""
    findings = []
    for err in schema_errors(statute.root, path):
        _, line, message = err.split(":", 2)
        findings.append(Finding(path, int(line) if line.isdigit() else None, "error", message.strip()))
    findings += semantic_findings(statute, path)
    for irr in irregularities(statute):
        findings.append(Finding(path, irr.xml_line, "warning", f"{irr.message} (source line {irr.source_line})"))
    return findings


def semantic_findings(statute: Statute, path: str) -> list[Finding]:
    """Return violations of lawdiff's rules: unique eIds, numbering in order, no empty provisions."""
    out: list[Finding] = []
    seen: dict[str, int | None] = {}
    for el in statute.root.iter():
        if not isinstance(el.tag, str):
            continue
        eid = el.get("eId")
        if eid is None:
            continue
        if eid in seen:
            out.append(Finding(path, el.sourceline, "error", f"duplicate eId {eid!r} (first at line {seen[eid]})"))
        seen.setdefault(eid, el.sourceline)
    previous: numbering.ArticleNumber | None = None
    for art in statute.articles():
        line = art.sourceline
        try:
            number = numbering.ArticleNumber.parse(art.num)
        except LawdiffError as exc:
            out.append(Finding(path, line, "error", f"article number: {exc.message}"))
            continue
        if art.eid != number.eid:
            out.append(Finding(path, line, "error", f"{art.num} has eId {art.eid!r}, expected {number.eid!r}"))
        irregular = art.el.get(ld("irregular")) is not None  # read as printed: a warning (see `irregularities`)
        if previous is not None and not previous < number and not irregular:
            out.append(Finding(path, line, "error", f"{art.num} follows {previous.label}: articles out of order"))
        previous = number
        paras = art.paragraphs()
        if not paras:
            out.append(Finding(path, line, "error", f"{art.num} has no paragraphs"))
        for i, para in enumerate(paras, 1):
            out += _check_numbered(para, f"{art.eid}__para_{i}", path)
            if not para.own_text.strip() and not para.points():
                out.append(Finding(path, para.sourceline, "error", f"{para.label} is empty"))
            for j, point in enumerate(para.points(), 1):
                out += _check_numbered(point, f"{art.eid}__para_{i}__point_{j}", path)
                expected = numbering.point_num(j) if statute.language in ("zho", "") else f"({j})"
                if point.num != expected and point.el.get(ld("irregular")) is None:
                    out.append(Finding(path, point.sourceline, "error",
                                       f"{point.label} is numbered {point.num}, expected {expected}"))
                if not point.own_text.strip():
                    out.append(Finding(path, point.sourceline, "error", f"{point.label} is empty"))
    return out


def _check_numbered(prov: Provision, expected: str, path: str) -> list[Finding]:
    if prov.eid != expected:
        return [Finding(path, prov.sourceline, "error", f"eId {prov.eid!r} out of sequence, expected {expected!r}")]
    return []


def validate_path(path: Path) -> list[Finding]:
    """Return the findings for one file: AKN XML, or national-database Markdown (imported first)."""
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        undated: list[Finding] = []
        try:
            statute = import_markdown(text, path=str(path), name=path.stem)
        except ParseError as exc:
            if "no date in the header" not in exc.message:
                raise
            # The date matters to `import law` (it names the expression), not to the text's form: check the rest.
            undated.append(Finding(str(path), 1, "warning", exc.message))
            statute = import_markdown(text, path=str(path), name=path.stem, work_date=_UNDATED,
                                      expression_date=_UNDATED)
        return undated + [Finding(str(path), irr.source_line, "warning", irr.message)
                          for irr in irregularities(statute)] \
            + [f for f in semantic_findings(statute, str(path)) if f.severity == "error"]
    data = _read(path)
    root = parse_xml(data, str(path)).getroot()
    if root.xpath("//a:activeModifications", namespaces=NS):
        return validate_instrument(root, str(path))
    return validate_statute(Statute(root, str(path)), str(path))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LawdiffError(f"cannot read: {exc.strerror}", path=str(path)) from None


def validate_instrument(root: etree._Element, path: str) -> list[Finding]:
    """Return the schema errors of an amending instrument, and whether its operations can be read back."""
    findings = [Finding(path, int(line) if line.isdigit() else None, "error", message.strip())
                for _, line, message in (err.split(":", 2) for err in schema_errors(root, path))]
    try:
        instrument_from_akn(root, path)
    except LawdiffError as exc:
        findings.append(Finding(path, exc.line, "error", exc.message))
    return findings


@dataclass(frozen=True)
class ValidationReport:
    """What `validate_files` found: one line per finding (or per file that could not be read), and the counts."""

    lines: tuple[str, ...]
    files: int
    errors: int
    warnings: int

    @property
    def summary(self) -> str:
        return f"{self.files} file(s) checked: {self.errors} error(s), {self.warnings} warning(s)"


def validate_files(paths: list[Path]) -> ValidationReport:
    """Return the findings of every file, in order; a file that cannot be read at all counts as one error."""
    lines: list[str] = []
    errors = warnings = 0
    for path in paths:
        try:
            findings = validate_path(path)
        except LawdiffError as exc:
            lines.append(exc.format())
            errors += 1
            continue
        for finding in findings:
            lines.append(str(finding))
            errors += finding.severity == "error"
            warnings += finding.severity == "warning"
    return ValidationReport(tuple(lines), len(paths), errors, warnings)
