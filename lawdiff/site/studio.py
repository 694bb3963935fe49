"""The drafting workbench behind ``/studio/`` of `lawdiff serve`: a scholar edits the text of articles as they should
read, and the workbench answers — as they type — with the amendment drafted in the law's style, the word diff, the
penalties, the references now pointing elsewhere, where a replaced term also occurs, how the draft composes with the
other proposals and the offence name (罪名) it concerns; then saves it as ``proposals/<id>.md``.

Everything a preview needs stays loaded in the serving process (`Workbench`): the segmenter, the statutes and their
timelines, the references of each base version, the other proposals (read again when ``proposals/`` changes). A
preview reads, drafts and diffs only the articles being edited:

- the drafted items come from `lawdiff.diffing.redraft` (an amendment drafts the edited articles alone);
- references are checked in the edited articles and in those that cited them (`dangling_after(only=…)`);
- the other proposals of the law are composed with the draft on an excerpt of the base holding only the articles
  either changes (a law amended by 修正案 is never renumbered, so nothing else can differ), and only those that
  change an article the draft changes are composed at all — the rest are clean by construction;
- the penalty comparison and the diff of an article are kept for texts seen before (typing changes one article).

The HTTP side (`lawdiff.site.serve`) only checks requests and turns these answers into JSON; `lawdiff.site.studio_view`
renders the page and the preview's HTML.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gc
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.akn.blocks import REMOVED
from lawdiff.akn.model import Provision, Statute, akn
from lawdiff.amending.proposals import Pair, Proposal, Rationale, Source, Title, conflict_matrix, text_changes
from lawdiff.amending.proposals.model import PROPOSAL_ID, ProposedArticle
from lawdiff.amending.proposals.proposed import check_agreement, english_item, proposed_statute
from lawdiff.amending.proposals.reader import read_proposal
from lawdiff.amending.proposals.writer import ProposalDraft, proposal_file
from lawdiff.analysis.charges import ChargeTable, check_proposed_names
from lawdiff.analysis.penalties import Comparison, compare
from lawdiff.analysis.refs import Ref, RefWarning, dangling_after, find_refs
from lawdiff.analysis.terms import term_impact
from lawdiff.diffing.redraft import Drafted, draft_changes
from lawdiff.diffing.segment import warm_up
from lawdiff.errors import ExistsError, LawdiffError, RequestError, UnknownReference
from lawdiff.files import write_atomic
from lawdiff.importing.instructions import parse_instructions
from lawdiff.importing.instrument import Item, OpKind, short_title
from lawdiff.importing.styles import style_of
from lawdiff.library import Library
from lawdiff.rendering.proposal_docx import ProposalDocument, proposal_docx
from lawdiff.rendering.table import Row, comparison_rows, table_docx_bytes, table_markdown

#: The most articles one request may change, and the longest text of one (a whole code is not drafted here).
MAX_CHANGES = 200
MAX_TEXT = 20000
#: The longest proposal id (it names a file).
MAX_ID = 80
#: How many places of a replaced term a preview lists (the rest are counted).
MAX_OCCURRENCES = 50
_LAW_ONLY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATED = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*@\d{4}-\d{2}-\d{2}$")


# --- what a request says ------------------------------------------------------------------------------------


def _field(body: Mapping[str, Any], name: str, kind: type, required: bool = True) -> Any:
    value = body.get(name)
    if value is None:
        if required:
            raise RequestError(f"missing field {name!r}")
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise RequestError(f"field {name!r} must be {'text' if kind is str else kind.__name__}")
    return value


def requested_changes(body: Mapping[str, Any]) -> list[ProposedArticle]:
    """Return the articles a request edits: ``changes`` (a list of ``{"article", "text"}``, ``"deleted": true`` or
    the text （删去） for a deletion) or ``article`` and ``text``; each text the article as it should read without
    its number, one block a line (blank lines between paragraphs are fine). Raise RequestError for anything else."""
    if "changes" in body:
        entries = _field(body, "changes", list)
        where = [f"changes[{i}]" for i in range(len(entries))]
    else:
        entries, where = [{"article": body.get("article"), "text": body.get("text")}], ["request"]
    if not entries:
        raise RequestError("no change: give at least one article and its text")
    if len(entries) > MAX_CHANGES:
        raise RequestError(f"{len(entries)} changes: at most {MAX_CHANGES} articles at a time")
    out: list[ProposedArticle] = []
    for entry, name in zip(entries, where, strict=True):
        if not isinstance(entry, dict):
            raise RequestError(f"{name} must be an object with article and text")
        try:
            key = numbering.ArticleNumber.parse(str(_field(entry, "article", str)))
        except LawdiffError as exc:
            raise RequestError(f"{name}.article: {exc.message}") from None
        text = _field(entry, "text", str, required=not entry.get("deleted")) or ""
        if len(text) > MAX_TEXT:
            raise RequestError(f"{name}.text: {len(text)} characters, at most {MAX_TEXT}")
        blocks = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
        if blocks and blocks[0].startswith(key.label):  # the number typed as well: 第二百五十三条之一 违反……
            blocks[0] = blocks[0].removeprefix(key.label).strip()
            blocks = [b for b in blocks if b]
        deleted = bool(entry.get("deleted")) or blocks == [REMOVED]
        if not blocks and not deleted:
            raise RequestError(f"{name}: the text of {key.label} is empty (write its text, or （删去） to delete it)")
        if any(a.key == key.key for a in out):
            raise RequestError(f"{name}: {key.label} is given twice")
        out.append(ProposedArticle(key.key, () if deleted else tuple(blocks), deleted))
    return out


def requested_id(body: Mapping[str, Any]) -> str:
    """Return the proposal id of a save request: lower-case words joined by hyphens, naming a file of proposals/."""
    value = _field(body, "id", str)
    if not value or len(value) > MAX_ID or not PROPOSAL_ID.match(value):
        raise RequestError(f"id {value!r} is not lower-case words of a–z and 0–9 joined by hyphens (at most {MAX_ID} "
                           "characters, e.g. rename-personal-information)")
    return str(value)


def _texts(body: Mapping[str, Any], name: str) -> dict[str, str]:
    value = body.get(name) or {}
    if isinstance(value, str):
        value = {"zh": value}
    if not isinstance(value, dict) or any(k not in ("zh", "en") or not isinstance(v, str | None)
                                          for k, v in value.items()):
        raise RequestError(f"field {name!r} must be an object with zh and/or en texts")
    return {lang: (value.get(lang) or "").strip() for lang in ("zh", "en")}


def requested_sources(body: Mapping[str, Any]) -> tuple[Source, ...]:
    """Return the works a request's rationale cites (``sources``: objects with key, author, title, year and
    optionally section and url); their rules are the proposal reader's (checked when the file is read back)."""
    value = body.get("sources") or []
    if not isinstance(value, list):
        raise RequestError("field 'sources' must be a list")
    out = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise RequestError(f"sources[{i}] must be an object with key, author, title and year")
        try:
            year = int(entry.get("year") or 0)
        except (TypeError, ValueError):
            raise RequestError(f"sources[{i}].year: {entry.get('year')!r} is not a year") from None
        out.append(Source(str(entry.get("key") or "").strip(), str(entry.get("author") or "").strip(),
                          str(entry.get("title") or "").strip(), year, str(entry.get("section") or "").strip(),
                          str(entry.get("url") or "").strip()))
    return tuple(out)


def requested_charges(body: Mapping[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the charge names a request proposes (``charges``: objects with a provision and its names); their rules
    are the proposal reader's (checked when the file is read back)."""
    value = body.get("charges") or []
    if not isinstance(value, list):
        raise RequestError("field 'charges' must be a list")
    out = []
    for i, entry in enumerate(value):
        names = entry.get("names") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("provision"), str) or not isinstance(names, list) \
                or not all(isinstance(n, str) for n in names):
            raise RequestError(f"charges[{i}] must be an object with a provision and a list of names")
        out.append((entry["provision"].strip(), tuple(n.strip() for n in names if n.strip())))
    return tuple(out)


def requested_authors(body: Mapping[str, Any]) -> tuple[str, ...]:
    value = body.get("authors") or []
    if isinstance(value, str):
        value = value.split("\n")
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise RequestError("field 'authors' must be a list of names")
    return tuple(a.strip() for a in value if a.strip())


# --- the workbench ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Draft:
    """A preview's draft: the base, the edited articles, the text they make and the changes drafted."""

    base_ref: str
    base: Statute
    articles: list[ProposedArticle]
    drafted: Drafted
    proposal: Proposal


class Workbench:
    """The drafting workbench of one project (see the module docstring); safe to call from several threads (one
    request is answered at a time)."""

    def __init__(self, root: Path, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.root = Path(root)
        self.library = Library(self.root)
        self.today = today
        self.lock = threading.RLock()
        self.saved: dict[str, float] = {}
        self.built_at: list[float] = []  # when each successful rebuild started (`lawdiff serve` reports them)
        self._refs: dict[str, list[Ref]] = {}
        self._cited_from: dict[str, dict[str, list[Ref]]] = {}
        self._proposals: tuple[tuple[tuple[str, int, int], ...], list[Proposal]] | None = None
        self._penalties: dict[tuple[str, str, tuple[str, ...], bool], Comparison] = {}
        self._charges: dict[str, ChargeTable | None] = {}
        self._charge_names: dict[str, dict[str, list[str]]] = {}

    # --- what stays loaded --------------------------------------------------------------------------------

    def warm(self) -> None:
        """Load now what every preview needs: the segmenter, every law in force, the timeline and references of
        the default base of each law with amending instruments, the proposals."""
        with self.lock:
            warm_up()
            for name in self.library.names:
                self._refs_of(self.base_ref(name), self.library.resolve(self.base_ref(name)))
            self.library.provision_texts  # noqa: B018 — read once: term impact scans them
            for name in self.library.names:
                self._cited_from_other_laws(name)
                self._charges[name] = self.library.charges_or_none(name)
            self.proposals()
            # What is loaded now lives as long as the server: the collector need not walk it again and again
            # (a full collection over the timelines took tens of milliseconds out of a preview).
            gc.collect()
            gc.freeze()

    def base_ref(self, value: object) -> str:
        """Return the reference of a base version: ``criminal-law`` is the law in force today
        (``criminal-law@2026-12-03``), ``criminal-law@2024-03-01`` as given; RequestError for anything else."""
        if not isinstance(value, str) or not (_LAW_ONLY.match(value) or _DATED.match(value)):
            raise RequestError(f"base {value!r} is not a law (criminal-law) or a law on a date "
                               "(criminal-law@2024-03-01)")
        law = value.split("@", 1)[0]
        if law not in self.library.names:
            raise RequestError(f"unknown law {law!r} (known: {', '.join(self.library.names)})")
        return value if "@" in value else f"{value}@{self.today().isoformat()}"

    def resolve(self, ref: str) -> Statute:
        try:
            return self.library.resolve(ref)
        except UnknownReference as exc:
            raise RequestError(exc.message) from None

    def _refs_of(self, ref: str, base: Statute) -> list[Ref]:
        if ref not in self._refs:
            self._refs[ref] = find_refs(base)
        return self._refs[ref]

    def _cited_from_other_laws(self, law: str) -> dict[str, list[Ref]]:
        """Return the references other laws in force make to articles of ``law``, by the article's eId."""
        if law not in self._cited_from:
            statutes = self.library.statutes()
            target = next(s for s in statutes if s.name == law)
            found: dict[str, list[Ref]] = {}
            for other in statutes:
                if other.name == law:
                    continue
                for ref in find_refs(other, [target]):
                    if ref.law == law:
                        for eid in dict.fromkeys(t.split("__", 1)[0] for t in ref.targets):
                            found.setdefault(eid, []).append(ref)
            self._cited_from[law] = found
        return self._cited_from[law]

    def proposals(self) -> list[Proposal]:
        """Return the project's proposals that read and apply (read again when a file of proposals/ changed)."""
        folder = self.library.proposals_dir
        files = sorted(folder.glob("*.md")) if folder.is_dir() else []
        signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        if self._proposals is None or self._proposals[0] != signature:
            try:
                loaded, _ = self.library.project_proposals()
            except LawdiffError:  # a published proposal that does not read: left out here (build reports it)
                loaded = []
            self._proposals = (signature, loaded)
        return self._proposals[1]

    # --- the page's data -----------------------------------------------------------------------------------

    def laws(self, messages: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Return every law held, for the page: name, titles, its articles' numbers and whether it is renumbered."""
        with self.lock:
            out = []
            for statute in self.library.statutes():
                english = messages.get("laws", {}).get(statute.name, statute.title)
                out.append({"name": statute.name, "title": statute.title, "title_en": english,
                            "short": short_title(statute.title), "style": style_of(statute.title).value,
                            "articles": [numbering.ArticleNumber.parse(a.eid).key for a in statute.articles()
                                         if _is_numbered(a)]})
            return out

    def proposal_list(self) -> list[dict[str, str]]:
        with self.lock:
            return [{"id": p.id, "title": p.title.zh, "title_en": p.title.en, "law": p.law, "status": p.status}
                    for p in self.proposals()]

    def article(self, base: object, article: object) -> dict[str, Any]:
        """Return an article of a base version as the editor shows it: its text (a block a line, blank lines
        between), or that the number is free (a new article)."""
        with self.lock:
            ref = self.base_ref(base)
            statute = self.resolve(ref)
            try:
                key = numbering.ArticleNumber.parse(str(article))
            except LawdiffError as exc:
                raise RequestError(exc.message) from None
            el = statute.find(key.eid)
            if el is None:
                return {"base": ref, "article": key.key, "label": key.label, "exists": False, "text": "",
                        "deleted": False}
            prov = Provision(el)
            return {"base": ref, "article": key.key, "label": key.label, "exists": True, "deleted": prov.removed,
                    "text": REMOVED if prov.removed else "\n\n".join(prov.lines())}

    def open_proposal(self, proposal_id: object) -> dict[str, Any]:
        """Return a proposal of the project as the workbench edits it: its fields and the articles it changes as
        they read once it is applied (its ``## Proposed text`` where it has one)."""
        with self.lock:
            pid = requested_id({"id": proposal_id})
            try:
                proposal = self.library.proposal(pid)
                base = self.library.proposal_base(proposal)
                articles = list(proposal.proposed) or _applied_articles(proposal, base)
            except LawdiffError as exc:
                raise RequestError(exc.format()) from None
            general = proposal.general or Rationale(
                "\n\n".join(r.zh for r in proposal.rationale if r.zh), "\n\n".join(r.en for r in proposal.rationale
                                                                                  if r.en))
            return {"id": proposal.id, "title": {"zh": proposal.title.zh, "en": proposal.title.en},
                    "base": proposal.base, "authors": list(proposal.authors), "status": proposal.status,
                    "sources": [dataclasses.asdict(s) for s in proposal.sources],
                    "charges": [{"provision": c.label, "names": list(c.names)} for c in proposal.charges],
                    "rationale": {"zh": general.zh, "en": general.en},
                    "changes": [{"article": a.key, "text": REMOVED if a.deleted else "\n\n".join(a.blocks),
                                 "deleted": a.deleted, "new": base.find(a.eid) is None} for a in articles]}

    # --- drafting --------------------------------------------------------------------------------------------

    def draft(self, body: Mapping[str, Any], proposal_id: str = "studio-draft") -> Draft:
        """Return the draft a request describes: its base resolved, its articles read, the changes drafted and
        read back as a proposal (RequestError where the text cannot stand: a deletion of an article that is not
        there, a new article before the first)."""
        ref = self.base_ref(body.get("base"))
        base = self.resolve(ref)
        articles = requested_changes(body)
        path = f"proposals/{proposal_id}.md"
        try:
            proposed = proposed_statute(base, articles)
            drafted = draft_changes(base, articles, proposed=proposed)
            blocks = drafted.blocks()
            law_names = (short_title(base.title), "本法")
            items = tuple(parse_instructions(blocks, path, 1, law_names)) if blocks else ()
        except LawdiffError as exc:
            raise RequestError(exc.message) from None
        n = len(items)
        proposal = Proposal(id=proposal_id, title=Title("", ""), authors=(), date=self.today(), status="draft",
                            base=ref, sources=(), items=items, english=tuple(map(english_item, items)),
                            rationale=(Rationale("", ""),) * n, origins=((),) * n, path=path,
                            proposed=tuple(articles))
        return Draft(ref, base, articles, drafted, proposal)

    def penalties(self, draft: Draft) -> list[tuple[ProposedArticle, Comparison]]:
        """Return the penalty comparison of each edited article that has penalties on either side."""
        out = []
        for article in draft.articles:
            key = (draft.base_ref, article.key, article.blocks, article.deleted)
            if key not in self._penalties:
                old_el, new_el = draft.base.find(article.eid), draft.drafted.proposed.find(article.eid)
                old = Provision(old_el) if old_el is not None else None
                new = Provision(new_el) if new_el is not None else None
                self._penalties[key] = compare(old, new)
            comparison = self._penalties[key]
            if comparison.old or comparison.new:
                out.append((article, comparison))
        return out

    def warnings(self, draft: Draft) -> tuple[list[RefWarning], list[tuple[ProposedArticle, Ref]]]:
        """Return the references a draft makes point elsewhere in its law, and the citations other laws make of
        the articles it deletes."""
        final = draft.drafted.final
        renumbered = final is not draft.drafted.proposed
        before_refs = self._refs_of(draft.base_ref, draft.base)
        only = None if renumbered else [a.eid for a in draft.articles]
        inside = dangling_after(draft.base, final, before_refs=before_refs, only=only)
        cited = self._cited_from_other_laws(draft.base.name)
        outside = [(a, ref) for a in draft.articles if a.deleted for ref in cited.get(a.eid, [])]
        return inside, outside

    def terms(self, draft: Draft) -> list[dict[str, Any]]:
        """Return, for each term a drafted item replaces, where else it occurs in the laws held."""
        out = []
        for item in draft.proposal.items:
            for op in item.operations:
                if op.kind is OpKind.REPLACE_TERM and op.old_term:
                    exclude = ({(draft.base.name, numbering.ArticleNumber.parse(op.article).eid)} if op.article
                               else set())
                    found = term_impact(op.old_term, self.library.provision_texts, exclude=exclude)
                    out.append({"old": op.old_term, "new": op.new_term or "", "count": len(found),
                                "occurrences": [{"law": o.law, "title": o.title, "label": o.label, "snippet": o.snippet}
                                                for o in found[:MAX_OCCURRENCES]]})
        return out

    def conflicts(self, draft: Draft, editing: str | None = None) -> list[tuple[Proposal, Pair]]:
        """Return how the draft composes with each other proposal of its law (``editing``: the proposal the draft
        replaces, left out), composed where they change the same articles (see the module docstring)."""
        others = [p for p in self.proposals() if p.law == draft.base.name and p.id != editing]
        mine = _touched(draft.proposal.items)
        renumbers = style_of(draft.base.title).renumbers
        apart: dict[str, Pair] = {}
        keys = set(mine)
        for other in others:
            theirs = _touched(other.items)
            whole = any(op.kind.on_whole_law for item in other.items for op in item.operations)
            if not renumbers and not whole and not (mine & theirs):
                apart[other.id] = Pair(draft.proposal.id, other.id, (), "", "")
            keys |= theirs
            renumbers = renumbers or whole
        composed = [p for p in others if p.id not in apart]
        mine_only = draft.proposal
        if not renumbers:  # the draft's items on articles no other proposal changes cannot make a difference
            shared = {key for other in composed for key in _touched(other.items)}
            p = draft.proposal
            kept = [i for i, item in enumerate(p.items) if _touched([item]) & shared]
            mine_only = dataclasses.replace(p, items=tuple(p.items[i] for i in kept),
                                            english=tuple(p.english[i] for i in kept),
                                            rationale=tuple(p.rationale[i] for i in kept),
                                            origins=tuple(p.origins[i] for i in kept), charges=())

        def only_with_the_draft(a: Proposal, b: Proposal, make: Callable[[], Pair]) -> Pair:
            return make() if mine_only in (a, b) else Pair(a.id, b.id, (), "", "")  # two others: not asked

        base = draft.base if renumbers else _excerpt(draft.base, keys)
        pairs = dict(apart)
        if composed:
            matrix = conflict_matrix([mine_only, *composed], base, only_with_the_draft)
            pairs.update((other.id, matrix.pair(draft.proposal.id, other.id)) for other in composed)
        return [(other, pairs[other.id]) for other in others]

    def charges(self, draft: Draft) -> list[dict[str, Any]]:
        """Return the offence names (罪名) of each edited article of a law that has them: the current names, which
        a term replacement may reach; a new offence's name is for the SPC and SPP to fix once it is law."""
        if draft.base.name not in self._charges:
            self._charges[draft.base.name] = self.library.charges_or_none(draft.base.name)
        table = self._charges[draft.base.name]
        if table is None:
            return []
        if draft.base.name not in self._charge_names:  # each article's current names, found once
            names_of: dict[str, list[str]] = {}
            for charge in table.current():
                for key in dict.fromkeys(charge.articles):
                    names_of.setdefault(key, []).append(charge.name)
            self._charge_names[draft.base.name] = names_of
        terms = [op for item in draft.proposal.items for op in item.operations if op.kind is OpKind.REPLACE_TERM]
        out = []
        for article, comparison in [(a, self._penalties.get((draft.base_ref, a.key, a.blocks, a.deleted)))
                                    for a in draft.articles]:
            names = self._charge_names[draft.base.name].get(article.key, [])
            new_offence = draft.base.find(article.eid) is None and comparison is not None and bool(comparison.new)
            renamed = [(n, op.old_term, op.new_term) for n in names for op in terms
                       if op.old_term and op.old_term in n and op.article == article.key]
            if names or new_offence:
                out.append({"article": article.key, "label": article.label, "names": names,
                            "new_offence": new_offence, "deleted": article.deleted,
                            "renamed": [{"name": n, "would_be": n.replace(old or "", new or "")}
                                        for n, old, new in renamed]})
        return out

    # --- saving and documents -----------------------------------------------------------------------------

    def proposal_text(self, body: Mapping[str, Any], *, status: str = "draft") -> tuple[str, str, Draft]:
        """Return the id, the file text and the draft of a save request; RequestError when the file would not be
        a valid proposal (the reader's own message, naming the line)."""
        proposal_id = requested_id(body)
        title = _texts(body, "title")
        if not title["zh"]:
            raise RequestError("title.zh is missing: give the proposal a Chinese title")
        draft = self.draft(body, proposal_id)
        if not draft.proposal.items:
            raise RequestError("the text is as the base has it: there is nothing to propose")
        rationale = _texts(body, "rationale")
        if not rationale["zh"] and not rationale["en"]:
            rationale = {"zh": "（说明待补充。）", "en": ""}  # a draft may be saved before its reasons are written
        authors = requested_authors(body) or ("（未署名）",)
        status = str(body.get("status") or status)
        draft_file = ProposalDraft(proposal_id, Title(title["zh"], title["en"] or title["zh"]), draft.base_ref,
                                   tuple(draft.articles), draft.drafted.markdown(), draft.proposal.english,
                                   Rationale(rationale["zh"], rationale["en"]), authors, requested_sources(body),
                                   self.today(), status, requested_charges(body))
        try:
            text = proposal_file(draft_file)
            proposal = read_proposal(text, draft.proposal.path, self.library.law_title)
            check_agreement(proposal, draft.base)
            if proposal.charges and (table := self.library.charges_or_none(proposal.law)) is not None:
                check_proposed_names(proposal, table, proposal.base_date)
        except LawdiffError as exc:  # the file as it would be written, and the line the reader stopped at
            raise RequestError(exc.format()) from None
        return proposal_id, text, dataclasses.replace(draft, proposal=proposal)

    def save(self, body: Mapping[str, Any], now: float) -> dict[str, Any]:
        """Write ``proposals/<id>.md`` from a save request; ExistsError if it exists and ``overwrite`` is not true.
        Return where the proposal's page will be once the site is rebuilt."""
        with self.lock:
            overwrite = body.get("overwrite", False)
            if not isinstance(overwrite, bool):
                raise RequestError("field 'overwrite' must be true or false")
            proposal_id, text, _ = self.proposal_text(body)
            folder = self.library.proposals_dir.resolve()
            path = folder / f"{proposal_id}.md"
            if path.resolve().parent != folder:  # the id pattern already forbids it; a file is never written elsewhere
                raise RequestError(f"id {proposal_id!r} does not name a file of proposals/")
            if path.exists() and not overwrite:
                raise ExistsError("exists already: open it to change it, or save with overwrite",
                                  path=f"proposals/{proposal_id}.md")
            write_atomic(path, text.encode("utf-8"))
            self.saved[proposal_id] = now
            self._proposals = None
            return {"id": proposal_id, "file": f"proposals/{proposal_id}.md", "page": f"/proposals/{proposal_id}.html"}

    def rebuilt(self, started: float) -> None:
        """Record a successful rebuild of the site that started at ``started`` (`lawdiff serve`'s watcher)."""
        with self.lock:
            self.built_at.append(started)

    def built(self, proposal_id: object, out: Path) -> dict[str, Any]:
        """Return whether the site holds the page of a proposal saved here, built after it was saved."""
        with self.lock:
            pid = requested_id({"id": proposal_id})
            saved = self.saved.get(pid)
            fresh = saved is None or any(start >= saved for start in self.built_at)
            page = out / "proposals" / f"{pid}.html"
            return {"id": pid, "built": fresh and page.is_file(), "page": f"/proposals/{pid}.html"}

    def rows(self, draft: Draft, notes: str = "") -> list[Row]:
        return [dataclasses.replace(row, note=notes) if notes else row
                for row in comparison_rows(draft.base, draft.drafted.final)]

    def table(self, body: Mapping[str, Any], fmt: str) -> tuple[bytes, str]:
        """Return the comparison table of a request's draft as DOCX or Markdown, and its file name."""
        with self.lock:
            draft = self.draft(body)
            title = (_texts(body, "title")["zh"] or draft.base.title) + " 修改前后对照表"
            rows = self.rows(draft)
            if fmt == "docx":
                return table_docx_bytes(rows, title), "comparison-table.docx"
            return table_markdown(rows, title).encode("utf-8"), "comparison-table.md"

    def proposal_document(self, body: Mapping[str, Any]) -> tuple[bytes, str]:
        """Return the 立法建议稿 (DOCX) of a request's draft: title, amendment text, 说明 and the table."""
        with self.lock:
            draft = self.draft(body, _safe_id(body))
            title = _texts(body, "title")["zh"] or f"关于修改《{draft.base.title}》的建议"
            rationale = _texts(body, "rationale")
            date = draft.base_ref.split("@", 1)[1]
            document = ProposalDocument(title, requested_authors(body), self.today(), draft.base.title,
                                        dt.date.fromisoformat(date), tuple(draft.drafted.blocks()),
                                        rationale["zh"] or rationale["en"], requested_sources(body),
                                        tuple(self.rows(draft)))
            return proposal_docx(document), f"{draft.proposal.id}-proposal.docx"


def _safe_id(body: Mapping[str, Any]) -> str:
    """Return the request's id if it is a valid one (a document's file name), else a neutral name."""
    try:
        return requested_id(body)
    except RequestError:
        return "proposal"


def _is_numbered(article: Provision) -> bool:
    try:
        numbering.ArticleNumber.parse(article.eid)
    except LawdiffError:
        return False
    return True


def _touched(items: Sequence[Item]) -> set[str]:
    """Return the keys of the articles items change, and of those new articles follow."""
    keys: set[str] = set()
    for item in items:
        for op in item.operations:
            keys.update(k for k in (op.target, op.article) if k and not op.kind.on_whole_law)
    return {numbering.ArticleNumber.parse(k).key for k in keys}


def _excerpt(statute: Statute, keys: set[str]) -> Statute:
    """Return a statute holding only the articles with these keys (in order, under the body), its metadata as the
    original's: what composing proposals that change only those articles needs."""
    root, act = statute.root, statute.act
    new_root = etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap)
    new_act = etree.SubElement(new_root, act.tag, dict(act.attrib))
    for child in act:
        if child.tag == akn("body"):
            body = etree.SubElement(new_act, child.tag, dict(child.attrib))
            for key in sorted(keys, key=numbering.ArticleNumber.parse):
                el = statute.find(numbering.ArticleNumber.parse(key).eid)
                if el is not None:
                    body.append(copy.deepcopy(el))
        else:
            new_act.append(copy.deepcopy(child))
    return Statute(new_root, statute.path)


def _applied_articles(proposal: Proposal, base: Statute) -> list[ProposedArticle]:
    """Return the articles a proposal without ``## Proposed text`` changes, as they read once it is applied."""
    changes = text_changes(proposal, base)
    keys = dict.fromkeys(c.eid for c in changes if c.eid.startswith("art_") and c.before != c.after)
    out = []
    for eid in keys:
        after = next((c.after for c in reversed(changes) if c.eid == eid), "")
        key = numbering.ArticleNumber.parse(eid).key
        deleted = after == REMOVED
        out.append(ProposedArticle(key, () if deleted else tuple(after.split("\n")), deleted))
    return out


__all__ = ["Draft", "Workbench", "requested_changes", "requested_id"]
