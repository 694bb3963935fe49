"""The statutes a lawdiff project holds (``statutes/``), and references to a law at a point in time.

References (CLI arguments that name a text), as in DESIGN.md:

- ``criminal-law`` — the latest stored expression (for the Criminal Law: as amended through XII);
- ``criminal-law@2015-11-01`` — the law in force on that date (derived by `timeline`);
- ``criminal-law@amendment-09`` — the law right after an instrument took effect;
- a path to an AKN ``.xml`` file or a national-database ``.md`` file;
- ``proposal:<id>`` — resolved by `lawdiff.amending.proposals` (its base with the proposal applied).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lawdiff.akn.blocks import article_blocks
from lawdiff.akn.model import Provision, Statute
from lawdiff.akn.numbering import ArticleNumber
from lawdiff.amending.proposals import Proposal, apply_proposal, declared_status, load_proposal, proposal_notes, rebase
from lawdiff.amending.proposals.model import PROPOSAL_ID, ProposedArticle
from lawdiff.amending.proposals.proposed import check_agreement
from lawdiff.amending.proposals.reader import read_proposal as load_proposal_text
from lawdiff.amending.proposals.writer import with_changes
from lawdiff.amending.timeline import Timeline, build_timeline, in_force_on
from lawdiff.analysis.charges import ChargeTable, check_proposed_names, load_charges
from lawdiff.analysis.impact import Applied
from lawdiff.analysis.refs import ArticleRefs, dangling_after, incoming, outgoing
from lawdiff.analysis.terms import term_impact
from lawdiff.dates import iso_date
from lawdiff.diffing.redraft import changes_blocks, draft_changes
from lawdiff.errors import LawdiffError, OutputError, ParseError, UnknownReference
from lawdiff.files import read_text, write_atomic
from lawdiff.importing.instrument import Instrument, OpKind
from lawdiff.importing.instrument_xml import load_instrument
from lawdiff.importing.markdown import import_markdown
from lawdiff.importing.translations import LABEL, english_blocks
from lawdiff.locations import SHIPPED_PROPOSALS, SHIPPED_STATUTES

if TYPE_CHECKING:
    from lawdiff.analysis.charges import ChargeTable

_REF = re.compile(r"^(?P<law>[a-z0-9-]+)(?:@(?P<at>\d{4}-\d{2}-\d{2}|amendment-\d{2}|current))?$")


class Library:
    """The ``statutes/`` folder of a project: one folder per law, one XML file per expression."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.statutes_dir = self.root / "statutes"
        self._cache: dict[Path, Statute] = {}
        self._timelines: dict[str, Timeline] = {}
        self._instruments: dict[str, list[Instrument]] = {}
        self._charges: dict[str, ChargeTable] = {}

    @cached_property
    def names(self) -> list[str]:
        """Return the names of the laws held, sorted."""
        if not self.statutes_dir.is_dir():
            raise UnknownReference(f"no statutes/ folder in {self.root}: run lawdiff in a project folder, pass --root, "
                                   "or start a project with `lawdiff init DIR`", path=str(self.root))
        return sorted(p.name for p in self.statutes_dir.iterdir() if p.is_dir() and any(p.glob("zho@*.xml")))

    def expressions(self, name: str) -> list[tuple[dt.date, Path]]:
        """Return the (date, file) of each stored Chinese expression of a law, oldest first."""
        if name not in self.names:
            known = ", ".join(self.names) or "none"
            raise UnknownReference(f"unknown law {name!r} (known: {known})", path=str(self.statutes_dir))
        out = []
        for p in sorted((self.statutes_dir / name).glob("zho@*.xml")):
            out.append((dt.date.fromisoformat(p.stem.split("@", 1)[1]), p))
        return out

    def load(self, path: Path) -> Statute:
        if path not in self._cache:
            self._cache[path] = Statute.load(path)
        return self._cache[path]

    def current(self, name: str) -> Statute:
        """Return the latest stored expression of a law (for the Criminal Law: as amended through XII)."""
        return self.load(self.expressions(name)[-1][1])

    def statutes(self) -> list[Statute]:
        """Return the latest expression of every law held."""
        return [self.current(n) for n in self.names]

    @cached_property
    def provision_texts(self) -> list[tuple[Statute, list[tuple[Provision, str]]]]:
        """Return every law in force with the own text of each of its paragraphs and points, in document order
        (read once: searching every law for a term, proposal after proposal, then costs a scan of strings)."""
        return [(statute, [(prov, prov.own_text) for prov in statute.walk() if prov.kind in ("paragraph", "point")])
                for statute in self.statutes()]

    def forget_timeline(self, name: str) -> None:
        """Drop the cached timeline of a law (a build done with it frees its memory)."""
        self._timelines.pop(name, None)

    # --- amending instruments and versions ------------------------------------------------

    def instrument_files(self, name: str) -> list[Path]:
        """Return the stored amending instruments of a law (``statutes/<law>/amendments/*.xml``), in order."""
        return sorted((self.statutes_dir / name / "amendments").glob("*.xml"))

    def instruments(self, name: str) -> list[Instrument]:
        """Return the amending instruments of a law, oldest first."""
        if name not in self._instruments:
            self._instruments[name] = [load_instrument(p) for p in self.instrument_files(name)]
        return list(self._instruments[name])

    def timeline(self, name: str) -> Timeline:
        """Return the timeline of a law: every version between its instruments, from the latest expression, the
        earlier ones anchoring the texts of their dates (cached). A law without instruments has one version."""
        if name not in self._timelines:
            earlier = [self.load(path) for _, path in self.expressions(name)[:-1]]
            self._timelines[name] = build_timeline(self.current(name), self.instruments(name), earlier)
        return self._timelines[name]

    def temporal_interpretations(self, law: str) -> list[Statute]:
        """Return the interpretations held on the temporal effect of a law (时间效力, naming the law in their
        title: 最高人民法院关于《中华人民共和国刑法修正案(八)》时间效力问题的解释 for the Criminal Law)."""
        short = self.current(law).title.removeprefix("中华人民共和国")
        return [statute for statute in self.statutes()
                if statute.name != law and "时间效力" in statute.title and short in statute.title]

    def english_article(self, law: str, article: str, at: dt.date | None = None) -> list[str]:
        """Return the English rendering of an article (as in force on ``at``, default now) as blocks, followed by
        the label line; raise LawdiffError when there is no rendering of that version."""
        key = ArticleNumber.parse(article)
        files = {dt.date.fromisoformat(p.stem.split("@", 1)[1]): p
                 for p in sorted((self.statutes_dir / law).glob("eng@*.xml"))}
        wanted = self.current(law).expression_date
        if at is not None:
            version = in_force_on(self.timeline(law).versions(key.key), at)
            if version is None or not version.in_force:
                raise LawdiffError(f"{key.label} was not in force on {at}")
            if version.end is not None:
                adopted = {ins.title: ins.adopted for ins in self.timeline(law).instruments}
                wanted = adopted.get(version.instrument or "")
        path = files.get(wanted) if wanted else None
        statute = self.load(path) if path else None
        if statute is None or statute.find(key.eid) is None:
            raise LawdiffError(f"no English rendering of {key.label} ({key.key}) in {law} for that version; the "
                               "Chinese text is authoritative")
        return [*english_blocks(statute, key.eid), f"({LABEL}; the Chinese text is authoritative)"]

    # --- proposals ------------------------------------------------------------------------

    @property
    def proposals_dir(self) -> Path:
        return self.root / "proposals"

    def proposal_path(self, ref: str) -> Path:
        """Return the file of a proposal named by the path of a ``.md`` file or by its id (``proposals/<id>.md``,
        ``proposal:`` before it allowed); raise UnknownReference if there is none."""
        path = Path(ref)
        if path.suffix == ".md" and path.is_file():
            return path
        proposal_id = ref.removeprefix("proposal:")
        path = self.proposals_dir / f"{proposal_id}.md"
        if not PROPOSAL_ID.match(proposal_id) or not path.is_file():
            known = ", ".join(sorted(p.stem for p in self.proposals_dir.glob("*.md"))) or "none"
            raise UnknownReference(f"no proposal {proposal_id!r} (known: {known})", path=str(self.proposals_dir))
        return path

    def proposal(self, ref: str) -> Proposal:
        """Return the proposal a reference names (see `proposal_path`): its changes drafted from its ``## Proposed
        text`` where it gives no ``## Changes``, or checked against it where it gives both (a ParseError at the item
        that differs)."""
        proposal = load_proposal(self.proposal_path(ref), self.law_title, self.draft_from)
        if proposal.proposed and not proposal.drafted:
            check_agreement(proposal, self.proposal_base(proposal))
        if proposal.charges and (table := self.charges_or_none(proposal.law)) is not None:
            check_proposed_names(proposal, table, proposal.base_date)
        return proposal

    def draft_from(self, base: str, articles: tuple[ProposedArticle, ...]) -> list[str]:
        """Return the ``## Changes`` blocks that turn the version ``base`` names into the proposed articles."""
        return changes_blocks(self.resolve(base), articles)

    def drafted_changes(self, ref: str) -> tuple[Path, str]:
        """Return a proposal's file and the ``## Changes`` drafted from its ``## Proposed text`` (what
        ``lawdiff draft proposal:ID`` prints); raise ParseError if it has no proposed text."""
        path = self.proposal_path(ref)
        proposal = load_proposal(path, self.law_title, self.draft_from)
        if not proposal.proposed:
            raise ParseError(f"proposal {proposal.id} has no ## Proposed text to draft its changes from (lawdiff draft "
                             "A B drafts the changes between two texts)", path=str(path))
        base = self.proposal_base(proposal)
        return path, draft_changes(base, proposal.proposed, str(path)).markdown()

    def write_drafted_changes(self, ref: str) -> tuple[Path, str]:
        """Write the changes drafted from a proposal's ``## Proposed text`` into its ``## Changes`` (added after the
        proposed text when there is none), every other byte of the file as it was; return the file and the
        changes. The new file is read back before it replaces the old one: nothing is written that does not
        read."""
        path, changes = self.drafted_changes(ref)
        text = with_changes(read_text(path), changes, str(path))
        load_proposal_text(text, str(path), self.law_title, self.draft_from)
        write_atomic(path, text.encode("utf-8"))
        return path, changes

    def project_proposals(self, refs: Sequence[str] | None = None) -> tuple[list[Proposal], list[str]]:
        """Return the proposals named (default: every one in proposals/), oldest first, and a warning for each draft
        left out because it does not read or apply to its base: a draft is work in progress, so its mistakes are
        reported (file:line) without stopping the rest; a published proposal that does not read raises (and one that
        does not apply raises where it is applied: a site build applies each law's proposals in a process of its
        own, so only drafts are applied here)."""
        if refs is None:
            refs = [str(p) for p in sorted(self.proposals_dir.glob("*.md"))] if self.proposals_dir.is_dir() else []
        loaded: list[Proposal] = []
        warnings: list[str] = []
        for ref in refs:
            try:
                proposal = self.proposal(ref)
                if proposal.status == "draft":
                    apply_proposal(proposal, self.proposal_base(proposal))
            except LawdiffError as exc:
                if declared_status(self.proposal_path(ref)) != "draft":
                    raise
                warnings.append(f"warning: {exc.format()} (a draft: left out)")
                continue
            loaded.append(proposal)
        return sorted(loaded, key=lambda p: (p.date, p.id)), warnings

    def law_title(self, name: str) -> str | None:
        """Return the title of a law held (中华人民共和国个人信息保护法), None for a name the library does not hold."""
        try:
            return self.current(name).title
        except LawdiffError:
            return None

    def proposal_base(self, proposal: Proposal) -> Statute:
        """Return the version of the law a proposal was drafted against; a base that names nothing is reported at
        the proposal's base line, a statute that cannot be read at its own file and line."""
        try:
            return self.resolve(proposal.base)
        except UnknownReference as exc:
            raise UnknownReference(f"base {proposal.base}: {exc.message}", path=proposal.path,
                                   line=proposal.lines.get("base")) from None

    def notes(self, ref: str) -> dict[str, str]:
        """Return the 说明 of a comparison table whose later text is ``ref``: the rationale of each article a
        proposal (``proposal:ID``) changes; nothing for other references."""
        return proposal_notes(self.proposal(ref)) if ref.startswith("proposal:") else {}

    def apply_proposals(self, refs: Sequence[str], onto: str | None = None) -> Applied:
        """Return the proposals applied in order onto ``onto`` (default: the first one's base), each rebased; raise
        `RebaseConflict` for the first that does not apply cleanly (nothing is returned then)."""
        proposals = [self.proposal(ref) for ref in refs]
        start = self.resolve(onto) if onto else self.proposal_base(proposals[0])
        result = start
        for proposal in proposals:
            result = rebase(proposal, result, self.proposal_base(proposal))
        ops = [(p, op) for p in proposals for item in p.items for op in item.operations]
        keys = dict.fromkeys(op.target for _, op in ops if not op.kind.on_whole_law and op.target)
        articles = [article_blocks(result.article(key)) for key in keys if result.find(ArticleNumber.parse(key).eid)
                    is not None]  # (an article added with its number once renumbered may hold another number)
        terms = [(op.old_term, term_impact(op.old_term, self.provision_texts, exclude={
                     (p.law, ArticleNumber.parse(op.article).eid)} if op.article else set()))
                 for p, op in ops if op.kind is OpKind.REPLACE_TERM and op.old_term]
        return Applied(proposals, result, dangling_after(start, result), articles, terms)

    def article_refs(self, law: str, article: str) -> ArticleRefs:
        """Return the references an article of a law makes and those made to it, from every law held."""
        statute = self.current(law)
        eid = statute.article(article).eid
        others = [s for s in self.statutes() if s.name != law]
        return ArticleRefs(law, eid, outgoing(statute, eid, others), incoming(statute, eid, others))

    def charges_or_none(self, name: str) -> ChargeTable | None:
        """Return the charge names (罪名) of a law, or None for a law that has none (no charges.yaml)."""
        return self.charges(name) if (self.statutes_dir / name / "charges.yaml").is_file() else None

    def charges(self, name: str) -> ChargeTable:
        """Return the charge names (罪名) of a law, from ``statutes/<law>/charges.yaml`` (written by `regenerate`),
        knowing the in-force dates of its amending instruments."""
        if name in self._charges:
            return self._charges[name]
        path = self.statutes_dir / name / "charges.yaml"
        if not path.exists():
            self.expressions(name)  # an unknown law is reported as such
            raise UnknownReference(f"no charges table for {name} (only the Criminal Law has one: "
                                   "statutes/criminal-law/charges.yaml)", path=str(path))
        dates = {int(p.stem.rsplit("-", 1)[1]): i.in_force or i.adopted
                 for p, i in zip(self.instrument_files(name), self.instruments(name), strict=True)}
        self._charges[name] = load_charges(path, {n: d for n, d in dates.items() if d is not None})
        return self._charges[name]

    def resolve(self, ref: str) -> Statute:
        """Return the statute a reference names (see the module docstring); raise UnknownReference otherwise."""
        if ref.startswith("proposal:"):
            proposal = self.proposal(ref.split(":", 1)[1])
            return apply_proposal(proposal, self.proposal_base(proposal))
        path = Path(ref)
        if path.suffix in (".xml", ".md"):
            return _load_file(path)
        m = _REF.match(ref)
        if not m:
            raise UnknownReference(f"cannot read the reference {ref!r} (expected e.g. criminal-law, "
                                   "criminal-law@2015-11-01, criminal-law@amendment-09, proposal:ID or a file)")
        law, at = m.group("law"), m.group("at")
        if at in (None, "current"):
            return self.current(law)
        if not at.startswith("amendment-") and not any((self.statutes_dir / law / "amendments").glob("*.xml")):
            try:
                held = iso_date(at)
            except LawdiffError as exc:
                raise UnknownReference(f"cannot read the reference {ref!r}: {exc.message}") from None
            start = self.timeline(law).start
            if held < start.date and not start.earlier_text:
                raise UnknownReference(f"{law} on {held}: it was not yet in force (it took effect on {start.date}: "
                                       f"{start.basis})")
            return self._held_on(law, held)
        timeline = self.timeline(law)
        if at.startswith("amendment-"):
            index = int(at.split("-")[1])
            if not 1 <= index <= len(timeline.instruments):
                raise UnknownReference(f"{law} has no {at} (it has {len(timeline.instruments)} instruments)")
            return timeline.states[index]
        try:
            date = iso_date(at)
        except LawdiffError as exc:
            raise UnknownReference(f"cannot read the reference {ref!r}: {exc.message}") from None
        state = timeline.state_at(date)
        if state is None:
            start = timeline.start
            why = "its text then is not in the corpus" if start.earlier_text else "it was not yet in force"
            raise UnknownReference(f"{law} on {date}: {why} (the text the corpus holds took effect on {start.date}: "
                                   f"{start.basis})")
        return state[1]


    def _held_on(self, law: str, date: dt.date) -> Statute:
        """Return the version of a law without amending instruments in force on a date: the latest expression held
        of that date or before (a later amendment lawdiff does not hold is not known)."""
        expressions = self.expressions(law)
        held = [path for when, path in expressions if when <= date]
        if not held:
            raise UnknownReference(f"{law} on {date}: the earliest version held is of {expressions[0][0]}")
        return self.load(held[-1])


def _load_file(path: Path) -> Statute:
    if not path.exists():
        raise UnknownReference("no such file", path=str(path))
    if path.suffix == ".xml":
        return Statute.load(path)
    return import_markdown(read_text(path), path=str(path), name=path.stem)


#: What a new project's README says to do next.
NEXT_STEPS = """# A lawdiff project

- `lawdiff build` builds the site from statutes/ and proposals/ into _site/ (`lawdiff serve` previews it).
- `lawdiff show 253-1`, `lawdiff history 253-1`, `lawdiff diff criminal-law@2009-02-28 criminal-law@2016-01-01`.
- `lawdiff new proposal my-proposal` starts a proposal in proposals/ (then `lawdiff apply my-proposal`).
"""


def init_project(folder: Path) -> str:
    """Write a new project into ``folder`` — the statutes and proposals lawdiff ships and a README saying what to do
    next — and return that README. The folder must be missing or empty: nothing of the user's is overwritten, and
    a failure leaves nothing behind."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "a file" if not folder.is_dir() else "not empty"
        raise OutputError(f"refusing to start a project here: it is {what} (expected a missing or empty folder)",
                          path=str(folder))
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(SHIPPED_STATUTES, folder / "statutes", ignore=shutil.ignore_patterns("__pycache__"))
        (folder / "proposals").mkdir()
        for source in sorted(SHIPPED_PROPOSALS.glob("*.md")):
            shutil.copyfile(source, folder / "proposals" / source.name)
        write_atomic(folder / "README.md", NEXT_STEPS.encode("utf-8"))
    except OSError as exc:
        for made_here in [folder] if made else list(folder.iterdir()):  # the folder was empty: all of it is ours
            if made_here.is_dir():
                shutil.rmtree(made_here, ignore_errors=True)
            else:
                made_here.unlink(missing_ok=True)
        raise OutputError(f"cannot write the project: {exc.strerror}", path=str(folder)) from None
    return f"wrote a lawdiff project into {folder}\n\n{NEXT_STEPS}"
