"""The shipped statutes: which corpus file each comes from and where its AKN lives in ``statutes/``.

``regenerate()`` rebuilds ``statutes/`` from ``../shared/corpus`` in one step; the output is
deterministic, so regenerating yields byte-identical files (a test checks this).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lawdiff.akn.frbr import set_expression_date
from lawdiff.akn.model import Statute
from lawdiff.amending.sources import find_evidence, missing_instruments, record_missing
from lawdiff.errors import LawdiffError
from lawdiff.files import read_text, write_atomic
from lawdiff.importing.markdown import import_markdown
from lawdiff.importing.translations import build_expression, load_translation, version_ref
from lawdiff.library import Library
from lawdiff.locations import default_corpus

D = dt.date


@dataclass(frozen=True)
class CorpusLaw:
    """A law shipped with lawdiff and the corpus file it is imported from."""

    name: str  # the work name used in references: criminal-law@2015-11-01
    source: str  # path below the corpus folder
    authority: str = "npc"
    work_date: dt.date | None = None  # None: the first date of the header
    expression_date: dt.date | None = None  # None: the last date of the header
    # Earlier consolidations of the same law: each is the text in force from its last instrument until the next,
    # a primary source for that period as much as the later one (`lawdiff.amending.timeline`, anchors).
    earlier: tuple[str, ...] = ()
    # The folder of charge documents that show what instruments of the header not in the corpus changed
    # (`lawdiff.amending.sources`, rule 4).
    charges: str | None = None

    def output(self, statutes: Path, expression_date: dt.date) -> Path:
        """Return where the AKN of this law's Chinese expression is stored."""
        return statutes / self.name / f"zho@{expression_date.isoformat()}.xml"


LAWS: tuple[CorpusLaw, ...] = (
    CorpusLaw("criminal-law", "prc-criminal-law/consolidated-2023-12-29.md",
              earlier=("prc-criminal-law/consolidated-2020-12-26.md",), charges="charges"),
    CorpusLaw("personal-information-protection-law", "related/personal-information-protection-law-2021-08-20.md"),
    CorpusLaw("cybersecurity-law", "related/cybersecurity-law-2016-11-07.md"),
    CorpusLaw("data-security-law", "related/data-security-law-2021-06-10.md"),
    # The file has no dates in its header: the date comes from its file name (see SOURCES.md).
    CorpusLaw("spc-spp-interpretation-2017", "related/spc-spp-interpretation-personal-information-crimes-2017-05-08.md",
              authority="spc", work_date=D(2017, 5, 8), expression_date=D(2017, 5, 8)),
    CorpusLaw("spc-facial-recognition-provisions",
              "related/spc-facial-recognition-provisions-2021-07-27.md", authority="spc"),
    CorpusLaw("civil-code-personality-rights", "related/civil-code/part-4-book4-personality-rights.md"),
    # The SPC's interpretations on the temporal effect of the Criminal Law (Art. 12, 从旧兼从轻), read by
    # `lawdiff.analysis.applicable`: which penalty range is compared, and how the 1997 revision and Amendments VIII
    # and IX apply to earlier acts.
    CorpusLaw("spc-art12-interpretation-1997", "related/temporal/spc-art12-interpretation-1997-12-31.md",
              authority="spc"),
    CorpusLaw("spc-temporal-effect-1997", "related/temporal/spc-temporal-effect-1997-09-25.md", authority="spc"),
    CorpusLaw("spc-amendment-08-temporal", "related/temporal/spc-amendment-08-temporal-2011-04-25.md",
              authority="spc"),
    # The file has no dates in its header: the date comes from its file name (see SOURCES.md).
    CorpusLaw("spc-amendment-09-temporal", "related/temporal/spc-amendment-09-temporal-2015-10-29.md",
              authority="spc", work_date=D(2015, 10, 29), expression_date=D(2015, 10, 29)),
)


def import_law(law: CorpusLaw, corpus: Path, source: str | None = None) -> Statute:
    """Return the AKN statute imported from the law's corpus file (or from one of its ``earlier`` files)."""
    src = corpus / (source or law.source)
    return import_markdown(read_text(src), path=str(src), name=law.name, work_date=law.work_date,
                           expression_date=None if source else law.expression_date, authority=law.authority)


#: The amending instruments shipped with a law: (law name, corpus folder, name prefix).
INSTRUMENTS: tuple[tuple[str, str, str], ...] = (
    ("criminal-law", "prc-criminal-law/amendments", "criminal-law-amendment"),
)

#: The charge documents (罪名) shipped as a table with a law: (law name, corpus folder) → statutes/<law>/charges.yaml.
CHARGES: tuple[tuple[str, str], ...] = (
    ("criminal-law", "charges"),
)


def regenerate(statutes: Path, corpus: Path | None = None, translations: Path | None = None) -> list[Path]:
    """Rebuild every shipped statute, amending instrument, English expression and charges table in ``statutes/``
    from the corpus and ``statutes/translations/``; return the files written, in order."""
    from lawdiff.analysis.charges import write_charges
    from lawdiff.importing.instructions import parse_instrument
    from lawdiff.importing.instrument_xml import save_instrument

    corpus = corpus or default_corpus(statutes.parent)
    if not corpus.is_dir():
        raise LawdiffError("the corpus is not there (expected the folder of national-database Markdown files: pass "
                           "--corpus DIR or set LAWDIFF_CORPUS)", path=str(corpus))
    written = []
    works = {}
    instruments = {law_name: [(src, parse_instrument(read_text(src), str(src)))
                              for src in sorted((corpus / folder).glob("*.md"))]
                   for law_name, folder, _ in INSTRUMENTS}
    for law in LAWS:
        stored = {instrument.title for _, instrument in instruments.get(law.name, [])}
        for source in (law.source, *law.earlier):
            statute = import_law(law, corpus, None if source == law.source else source)
            date = statute.expression_date
            if date is None:
                raise LawdiffError(f"{law.name}: no expression date", path=source)
            if law.charges:
                record_missing(statute, find_evidence(missing_instruments(statute, stored), corpus / law.charges))
            out = law.output(statutes, date)
            statute.save(out)
            written.append(out)
            if source == law.source:
                works[law.name] = statute.work_uri
    for law_name, _, prefix in INSTRUMENTS:
        for src, instrument in instruments[law_name]:
            number = int(src.stem.rsplit("-", 1)[1])
            out = statutes / law_name / "amendments" / f"{src.stem}.xml"
            save_instrument(instrument, out, name=f"{prefix}-{number}", amends=works[law_name])
            written.append(out)
    library = Library(statutes.parent)
    for translation in sorted((translations or statutes / "translations").glob("*.eng.yaml")):
        written += write_expressions(translation, library, statutes)
    for law_name, folder in CHARGES:
        written.append(write_charges(corpus / folder, statutes / law_name / "charges.yaml", law_name))
    return written


def law_by_name(name: str) -> CorpusLaw | None:
    return next((law for law in LAWS if law.name == name), None)


def version_date(library: Library, law: str, version: str) -> dt.date:
    """Return the date a translation's version name stands for: the adoption of ``amendment-NN``, else the current
    expression."""
    if version == "current":
        date = library.current(law).expression_date
    else:
        date = library.timeline(law).instruments[int(version.rsplit("-", 1)[1]) - 1].adopted
    if date is None:
        raise LawdiffError(f"{law}: no date for the version {version!r}")
    return date


def write_expressions(translation_file: Path, library: Library, statutes: Path) -> list[Path]:
    """Compile a translation file into one English expression per version; return the files written."""
    translation = load_translation(translation_file)
    written = []
    for version in translation.versions:
        chinese = library.resolve(version_ref(translation.law, version))
        english = build_expression(translation, version, chinese)
        date = version_date(library, translation.law, version)
        set_expression_date(english, date)
        out = statutes / translation.law / f"eng@{date.isoformat()}.xml"
        write_atomic(out, english.to_bytes())
        written.append(out)
    return written
