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
from lawdiff.amending.proposals import apply_proposal, load_proposal
from lawdiff.errors import LawdiffError, ParseError
from lawdiff.files import read_bytes, read_text
from lawdiff.importing.instrument_xml import instrument_from_akn
from lawdiff.importing.markdown import import_markdown, irregularities
from lawdiff.library import Library

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
            out += _check_numbered(para, numbering.child_eid(art.eid, "paragraph", i), path)
            if not para.own_text.strip() and not para.points():
                out.append(Finding(path, para.sourceline, "error", f"{para.label} is empty"))
            for j, point in enumerate(para.points(), 1):
                out += _check_numbered(point, numbering.child_eid(numbering.child_eid(art.eid, "paragraph", i),
                                                                  "point", j), path)
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


def validate_path(path: Path, library: Library | None = None) -> list[Finding]:
    """Return the findings for one file: an AKN act, amending instrument or compiled proposal (``amendment``);
    national-database Markdown (imported first); or a proposal (``---`` front matter: read, and with a
    ``library``, applied to its base)."""
    if path.suffix == ".md":
        text = read_text(path)
        if text.startswith("---"):
            return validate_proposal(path, library)
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
    root = parse_xml(read_bytes(path), str(path)).getroot()
    if len(root) and etree.QName(root[0]).localname == "amendment":  # a compiled proposal: the schema says it all
        return _schema_findings(root, str(path))
    if root.xpath("//a:activeModifications", namespaces=NS):
        return validate_instrument(root, str(path))
    return validate_statute(Statute(root, str(path)), str(path))


def validate_proposal(path: Path, library: Library | None = None) -> list[Finding]:
    """Return what is wrong with a proposal file: what keeps it from being read, or (with the project's
    ``library``) from applying to the version it was drafted against, or from agreeing with its ``## Proposed
    text`` (the item that differs)."""
    try:
        if library is None:
            load_proposal(path)
        else:
            proposal = library.proposal(str(path))
            apply_proposal(proposal, library.proposal_base(proposal))
    except LawdiffError as exc:
        return [Finding(exc.path or str(path), exc.line, "error", exc.message)]
    return []


def _schema_findings(root: etree._Element, path: str) -> list[Finding]:
    return [Finding(path, int(line) if line.isdigit() else None, "error", message.strip())
            for _, line, message in (err.split(":", 2) for err in schema_errors(root, path))]


def validate_instrument(root: etree._Element, path: str) -> list[Finding]:
    """Return the schema errors of an amending instrument, and whether its operations can be read back."""
    findings = _schema_findings(root, path)
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


def validate_files(paths: list[Path], library: Library | None = None) -> ValidationReport:
    """Return the findings of every file, in order; a file that cannot be read at all counts as one error
    (``library``: the project proposals are applied in)."""
    lines: list[str] = []
    errors = warnings = 0
    for path in paths:
        try:
            findings = validate_path(path, library)
        except LawdiffError as exc:
            lines.append(exc.format())
            errors += 1
            continue
        for finding in findings:
            lines.append(str(finding))
            errors += finding.severity == "error"
            warnings += finding.severity == "warning"
    return ValidationReport(tuple(lines), len(paths), errors, warnings)
