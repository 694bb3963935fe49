"""The site build: statutes, their amendment history and reform proposals → HTML pages in ``_site/``.

`build` is one linear function, a comment and a call per step: gather the laws' texts in force and references and
read the proposals; build each law (its history, its proposals applied, its pages) in a process of its own; the
pages about the whole site; the search indexes; the link check; the state the next build reuses; and the swap
that puts the new site in place atomically, so that a failed build leaves the previous site untouched.
"""


from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from lawdiff.amending.proposals import (
    Proposal,
)
from lawdiff.diffing.diff import Op
from lawdiff.errors import BuildError, OutputError
from lawdiff.importing.instrument import OpKind
from lawdiff.library import Library
from lawdiff.locations import SITE_DIR
from lawdiff.site.cache import (
    Derived,
    law_derived,
    proposal_content,
    read_pickle,
    read_state,
    reuse_file,
    write_pickle,
    write_state,
)
from lawdiff.site.compare import WordDiffs
from lawdiff.site.gather import (
    file_touches,
    gather,
    gather_proposals,
    light_view,
    relative_file,
    summary_of,
    with_history,
)
from lawdiff.site.links import broken_links
from lawdiff.site.pages import (
    PageTask,
    Renderer,
    TemplateCache,
    copy_static,
    environment,
    load_messages,
    write_downloads,
)
from lawdiff.site.progress import Progress, Silent
from lawdiff.site.search import (
    index_search,
    page_group,
    pagefind_binary,
    search_bundle,
    search_groups,
    stop_indexers,
    wait_for_search_index,
)
from lawdiff.site.state import TEMPLATE_CACHE, BuildStats, build_inputs, check_site_folder, digest, up_to_date
from lawdiff.site.views import LANGS, STORY, LawView, ProposalView, Summary
from lawdiff.site.workers import in_child, render_pages


@dataclass
class _Build:
    """What every step of a build reads (the phases of `_law_phase` read it in a process of their own)."""

    library: Library
    env: jinja2.Environment
    assets: dict[str, str]
    laws: list[LawView]  # without their histories, but the story's (see `build`)
    proposals: list[Proposal]
    stubs: list[ProposalView]  # every proposal as `light_view` shows it, without its changes
    inputs: dict[str, Any]
    cache: Derived
    diffs: WordDiffs
    out: Path
    staging: Path
    jobs: int
    manifest: dict[str, Any] | None  # the previous site's (None: none, or a full build)
    links: dict[str, Any]  # the previous site's links and anchors, by page
    derived: dict[str, Any] = field(default_factory=dict)  # what the next build may reuse (see `Derived`)
    warnings: tuple[str, ...] = ()  # draft proposals left out, and why
    summaries: dict[str, Summary] = field(default_factory=dict)  # every proposal's, as its law's phase gives it
    messages: dict[str, dict[str, Any]] = field(default_factory=lambda: load_messages(SITE_DIR / "i18n"))

    @cached_property
    def files(self) -> dict[str, str]:
        """Return each proposal's file, as the inputs name it, by proposal id."""
        return {p.id: relative_file(self.library.root, p.path) for p in self.proposals}

    @cached_property
    def _every(self) -> str:
        return digest(sorted(self.inputs["proposals"].items()))

    def task_hash(self, task: PageTask) -> str:
        """Return the hash of what a page shows (see `PageTask`): it is rendered again when this changes."""
        proposals = self.inputs["proposals"]
        shown = self._every if task.shows is None else [(p, proposals.get(self.files[p])) for p in task.shows]
        return digest(self.inputs["global"], shown, *([sorted(proposals)] if task.names else []))

    def law_inputs(self, law: str) -> dict[str, Any]:
        """Return what a law's pages depend on besides the statutes and lawdiff (see `_kept_phase`): the
        proposals of the law (file → content hash) and which proposals there are."""
        return {"proposals": {self.files[p.id]: self.inputs["proposals"].get(self.files[p.id])
                              for p in self.proposals if p.law == law},
                "names": sorted(self.inputs["proposals"])}

    def keep(self, path: str, phase: _Phase) -> None:
        """Put a page of the previous site, unchanged, into the new one, with its links, anchors and hashes."""
        assert self.manifest is not None
        reuse_file(self.out / path, self.staging / path)
        phase.pages[path] = self.manifest["pages"][path]
        phase.links[path] = (self.links[path][0], set(self.links[path][1]))
        phase.outputs[path] = self.manifest["outputs"][path]


@dataclass
class _Phase:
    """What the pages of one law (and of its proposals) came to: for each page the hash of its inputs, its links
    and anchors and the hash of its bytes; the pages rendered; the downloads written, with their input hash; what
    was derived; the word diffs shown; and the summary of each proposal of the law (`summary_of`)."""

    pages: dict[str, str] = field(default_factory=dict)
    links: dict[str, tuple[list[str], set[str]]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)
    diffs: dict[tuple[str, str], list[Op]] = field(default_factory=dict)
    summaries: dict[str, Summary] = field(default_factory=dict)
    front: bool = False  # it holds the pages about the whole site (`_front_pages`)


def _render_tasks(b: _Build, tasks: list[PageTask], phase: _Phase) -> None:
    """Render the pages whose inputs changed since the previous site into the staging folder, link the others
    from it; record each in ``phase``."""
    old = b.manifest or {}
    old_pages, old_outputs = old.get("pages", {}), old.get("outputs", {})
    todo = []
    for i, task in enumerate(tasks):
        page_hash = b.task_hash(task)
        if (old_pages.get(task.path) == page_hash and task.path in b.links and task.path in old_outputs
                and (b.out / task.path).is_file()):
            b.keep(task.path, phase)
        else:
            phase.pages[task.path] = page_hash
            todo.append(i)
    b.diffs.used = {}
    rendered = render_pages(tasks, todo, b.staging, b.jobs, lambda: None, b.diffs)
    for i, (found_links, found_ids, output) in rendered.items():
        phase.links[tasks[i].path] = (found_links, found_ids)
        phase.outputs[tasks[i].path] = output
        phase.rendered.append(tasks[i].path)
    phase.diffs.update(b.diffs.used)


def _law_phase(b: _Build, law: LawView, others: dict[str, Summary] | None = None) -> _Phase:
    """Build the pages of one law and of the proposals that amend it: its history, its proposals applied and
    compared, its pages rendered (in ``b.jobs`` processes), its proposals' comparison tables written. Given the
    summaries of the ``others`` (every proposal of the other laws), also the pages about the whole site
    (`_front_pages`): the story law's phase comes last and does that, its history at hand."""
    phase = _Phase()
    # What the law's pages derive (its versions, its proposals' tables and conflicts, the word diffs shown) is
    # read from the previous site's file for the law and written to the new site's here, never sent back to the
    # build: it holds one law's at a time.
    b.cache.old = read_pickle(law_derived(b.out, law.name)) if b.manifest is not None else {}
    b.cache.new = phase.derived
    diffs_key = b.cache.key("word diffs")
    b.diffs.known = dict(b.cache.old.get(diffs_key, {}))
    with_history(law, b.library, b.cache)
    views = gather_proposals(b.library, b.laws, b.cache, [p for p in b.proposals if p.law == law.name])
    mine = {view.id: view for view in views}
    shown = [mine.get(stub.id, stub) for stub in b.stubs]
    tasks = [task for lang in LANGS
             for renderer in [Renderer(b.env, lang, b.messages, b.assets, b.laws, shown, b.diffs)]
             for task in [*renderer.law_tasks(law), *renderer.proposal_tasks(views)]]
    _render_tasks(b, tasks, phase)
    old_files = (b.manifest or {}).get("files", {})
    for view in views:
        key = digest(b.inputs["global"], b.inputs["proposals"].get(b.files[view.id]))
        downloads = [view.download("docx"), view.download("md")]
        phase.files.update(dict.fromkeys(downloads, key))
        if all(old_files.get(path) == key and (b.out / path).is_file() for path in downloads):
            for path in downloads:
                reuse_file(b.out / path, b.staging / path)
        else:
            write_downloads([view], b.staging)
        phase.summaries[view.id] = summary_of(view)
    if others is not None:
        _front_pages(b, {**others, **phase.summaries}, phase)
    phase.derived[diffs_key] = dict(sorted({**b.diffs.known, **phase.diffs}.items()))
    write_pickle(law_derived(b.staging, law.name), phase.derived)
    phase.derived, phase.diffs = {}, {}
    return phase


def _front_pages(b: _Build, summaries: dict[str, Summary], phase: _Phase) -> None:
    """Render the pages about the whole site — home (with the story, whose law's history it adds if need be),
    search, the list of proposals — into ``phase``, every proposal shown by its summary."""
    by_name = {law.name: law for law in b.laws}
    if STORY[0] in by_name:
        with_history(by_name[STORY[0]], b.library, b.cache)
    for law in b.laws:
        for article in law.articles:
            article.proposals.clear()  # the full views of a phase's proposals: the whole site shows summaries
    views = [light_view(p, by_name[p.law], summaries.get(p.id)) for p in b.proposals]
    file_touches(views)
    tasks = [t for lang in LANGS for t in Renderer(b.env, lang, b.messages, b.assets, b.laws, views, b.diffs
                                                    ).front_tasks()]
    _render_tasks(b, tasks, phase)
    phase.front = True


def _kept_phase(b: _Build, law: LawView) -> _Phase | None:
    """Return the previous site's pages of a law as they are, when nothing they show has changed: the statutes,
    templates and lawdiff (``global``), the proposals of the law and which proposals there are (their pages link
    to any other by id); None when the law's pages must be built."""
    old = b.manifest
    if old is None or old["inputs"]["global"] != b.inputs["global"]:
        return None
    before = old.get("laws", {}).get(law.name)
    mine = [p for p in b.proposals if p.law == law.name]
    now = b.law_inputs(law.name)
    if before is None or {k: before[k] for k in now} != now:
        return None
    summaries = {p.id: b.cache.old.get(b.cache.key("summary", proposal_content(p))) for p in mine}
    paths = [*before["pages"], *before["files"]]
    if any(v is None for v in summaries.values()) or not all((b.out / path).is_file() for path in paths) or any(
            path not in b.links or path not in old["outputs"] for path in before["pages"]):
        return None
    phase = _Phase(summaries={k: v for k, v in summaries.items() if v is not None})
    for path in before["pages"]:
        b.keep(path, phase)
    for path in before["files"]:
        reuse_file(b.out / path, b.staging / path)
        phase.files[path] = old["files"][path]
    if law_derived(b.out, law.name).is_file():
        reuse_file(law_derived(b.out, law.name), law_derived(b.staging, law.name))
    return phase


def _compact(phase: _Phase) -> _Phase:
    """Return a phase's pages with every path, link and anchor interned: the pages of a law link to the same few
    thousand places (a tenth of their links are distinct), and a build of a hundred laws would otherwise hold
    millions of copies of them until its links are checked."""
    intern = sys.intern
    phase.pages = {intern(path): h for path, h in phase.pages.items()}
    phase.outputs = {intern(path): h for path, h in phase.outputs.items()}
    phase.links = {intern(path): ([intern(x) for x in links], {intern(x) for x in ids})
                   for path, (links, ids) in phase.links.items()}
    return phase


def _run_phase(b: _Build, law: LawView, others: dict[str, Summary] | None = None) -> _Phase:
    """Build a law's pages (`_law_phase`): in a process of its own (`in_child`), or with ``jobs=1`` in this one,
    the law's history and proposals let go of afterwards."""
    if b.jobs > 1:
        return in_child(functools.partial(_law_phase, b, law, others))
    old, new, known = b.cache.old, b.cache.new, b.diffs.known
    try:
        return _law_phase(b, law, others)
    finally:
        b.cache.old, b.cache.new, b.diffs.known = old, new, known
        for article in law.articles:
            article.proposals.clear()  # the proposals' full views: the site's pages show their summaries
        if law.name != STORY[0]:
            law.timeline = None
            b.library.forget_timeline(law.name)
            for article in law.articles:
                for name in ("versions", "art12", "in_force_versions"):
                    article.__dict__.pop(name, None)


def build(root: Path, out: Path, progress: Progress | None = None, *, search: bool = True,
          jobs: int | None = None, incremental: bool = True) -> BuildStats:
    """Build the site of the project at ``root`` into ``out``; return the number of pages written (a `BuildStats`:
    also how many were rendered and how many reused).

    ``progress`` is told of each phase (`lawdiff.site.progress`): the laws, built one after the other; the pages
    about the whole site; the search indexes; the link check. With ``search=False`` no search index is built (the
    search page then says so). Pages are rendered in ``jobs`` processes (default: one per core; the output is the
    same whatever the number). With ``incremental`` (the default), the manifest the previous build left in ``out``
    (`MANIFEST`) says which pages' inputs have not changed: those pages, the search indexes of groups whose pages
    have not changed and the derived data of unchanged proposals are reused, the rest rebuilt — the site is
    byte-identical to a build from scratch, and still swapped in atomically.

    The laws are built one at a time, each in a process of its own (`in_child`): the build holds every law's
    text in force, but one law's history and proposals at a time, so its memory does not grow with the number of
    laws; a law none of whose inputs changed is not built again at all (`_kept_phase`).
    """
    library = Library(root)
    check_site_folder(out, root)
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the folder of the site: {exc.strerror}", path=str(out)) from None
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    progress = progress or Silent()
    if search:
        pagefind_binary()  # fail before rendering when search cannot be built
    library.names  # noqa: B018 — fail early on a project without statutes/
    inputs = build_inputs(library.root, search)
    if incremental and (unchanged := up_to_date(out, inputs)) is not None:
        return unchanged  # nothing changed: the site in ``out`` is what a build would write
    previous = read_state(out) if incremental and out.is_dir() else (None, {}, {})
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"cannot write the site: {exc.strerror}", path=str(out)) from None
    try:
        # 1. static assets, every law's text in force and references, every proposal read
        b = _prepare(library, inputs, previous, out, staging, jobs)
        # 2. the laws one by one, each with its proposals; the story's law last, with the pages about the site
        phases = _build_laws(b, progress)
        # 3. the pages about the whole site, unless the story's law was built (and they with it)
        site = _Site([_build_front(b, phases, progress), *phases.values()])
        # 4. the search index of each group whose pages changed, running while the links are checked
        groups = _group_hashes(b, site)
        stale = _stale_groups(b, groups) if search else []
        indexers = index_search(staging, stale, jobs) if stale else []
        try:
            # 5. every internal link and anchor must resolve
            _check_links(b, site, progress)
        except BaseException:
            stop_indexers(indexers)
            raise
        if indexers:
            progress.phase("search index", len(indexers))
        wait_for_search_index(indexers, staging, progress.advance)
        # 6. what the next build reuses, then swap in
        _write_next_state(b, site, phases, groups if search else {})
        os.chmod(staging, 0o755)  # mkdtemp makes it private; the site is for reading
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildStats(len(site.pages), len(site.rendered), len(site.pages) - len(site.rendered),
                      tuple(group for group, _ in stale), b.warnings)


@dataclass
class _Site:
    """The pages of every phase of a build together: their input hashes, links and anchors, output hashes, the
    pages rendered (not kept) and the files written beside them."""

    phases: list[_Phase]

    @cached_property
    def pages(self) -> dict[str, str]:
        return {path: h for phase in self.phases for path, h in phase.pages.items()}

    @cached_property
    def links(self) -> dict[str, tuple[list[str], set[str]]]:
        return {path: found for phase in self.phases for path, found in phase.links.items()}

    @cached_property
    def outputs(self) -> dict[str, str]:
        return {path: h for phase in self.phases for path, h in phase.outputs.items()}

    @cached_property
    def rendered(self) -> list[str]:
        return [path for phase in self.phases for path in phase.rendered]

    @cached_property
    def files(self) -> dict[str, str]:
        return {path: h for phase in self.phases for path, h in phase.files.items()}


def _prepare(library: Library, inputs: dict[str, Any], previous: tuple[dict[str, Any] | None, dict[str, Any],
             dict[str, Any]], out: Path, staging: Path, jobs: int) -> _Build:
    """Return what every step of the build reads: the static assets copied (pages link to their fingerprinted
    names), every law's text in force and references, every proposal read. What the previous build derived from
    the same statutes and proposals is reused; when they have not changed, the entries of laws not built again
    are kept."""
    manifest, old_links, old_derived = previous
    env = environment(SITE_DIR / "templates")
    env.bytecode_cache = TemplateCache(out / TEMPLATE_CACHE if manifest is not None else None,
                                       staging / TEMPLATE_CACHE)
    assets = copy_static(SITE_DIR / "static", staging)
    same = manifest is not None and manifest["inputs"]["global"] == inputs["global"]
    cache = Derived(inputs, old_derived, dict(old_derived) if same else {})
    laws = gather(library, cache, history=False)
    by_name = {law.name: law for law in laws}
    proposals, warnings = library.project_proposals()
    for proposal in proposals:
        if proposal.law not in by_name:
            raise BuildError(f"proposal {proposal.id}: its base {proposal.base} is not a law in statutes/",
                             path=proposal.path)
    if any(op.kind is OpKind.REPLACE_TERM for p in proposals for item in p.items for op in item.operations):
        library.provision_texts  # noqa: B018 — read once here: every law's phase searches them for terms
    diffs = WordDiffs(cache.cached("word diffs", dict))
    return _Build(library, env, assets, laws, proposals, [light_view(p, by_name[p.law]) for p in proposals],
                  inputs, cache, diffs, out, staging, jobs, manifest, old_links, derived=cache.new,
                  warnings=tuple(warnings))


def _build_laws(b: _Build, progress: Progress) -> dict[str, _Phase]:
    """Build the laws one by one — the pages of each, and of its proposals, rendered where their inputs changed —
    the story's law last, with the pages about the whole site (which tell its story); return each law's phase."""
    phases: dict[str, _Phase] = {}
    progress.phase("laws", len(b.laws))
    for law in sorted(b.laws, key=lambda law: law.name == STORY[0]):
        phase = _kept_phase(b, law) or _run_phase(b, law, b.summaries if law.name == STORY[0] else None)
        phases[law.name] = phase = _compact(phase)
        b.summaries.update(phase.summaries)
        b.derived.update((b.cache.key("summary", proposal_content(p)), phase.summaries[p.id])
                         for p in b.proposals if p.id in phase.summaries)
        progress.advance()
    return phases


def _build_front(b: _Build, phases: dict[str, _Phase], progress: Progress) -> _Phase:
    """Return the phase of the pages about the whole site, rendered unless the story's law's phase did; record
    the word diffs the next build may reuse (the previous build's, and those the phases worked out)."""
    b.cache.new = b.derived
    front = _Phase()
    if not any(phase.front for phase in phases.values()):
        progress.phase("site pages", 1)
        try:
            _front_pages(b, b.summaries, front)
        except jinja2.TemplateError as exc:
            raise BuildError(f"template error: {exc}", path=str(SITE_DIR / "templates")) from None
        progress.advance()
    b.derived[b.cache.key("word diffs")] = dict(sorted({**b.diffs.known, **front.diffs}.items()))
    return front


def _group_hashes(b: _Build, site: _Site) -> dict[str, str]:
    """Return the hash of each search group's pages (paths and bytes): its index is built again when it changes."""
    groups = search_groups(b.laws, b.stubs)
    members: dict[str, list[str]] = {}
    for path in sorted(site.pages):
        group = page_group(path, groups)
        if group is not None:
            members.setdefault(group, []).append(f"{path} {site.outputs[path]}")
    return {group: digest(members.get(group, [])) for group, _ in groups}


def _stale_groups(b: _Build, hashes: dict[str, str]) -> list[tuple[str, str]]:
    """Return the search groups whose index must be built again (with their page patterns); put the previous
    site's index of every other group into the new site."""
    old_groups: dict[str, str] = b.manifest["groups"] if b.manifest else {}
    groups = search_groups(b.laws, b.stubs)
    stale = [(group, pattern) for group, pattern in groups
             if old_groups.get(group) != hashes[group] or not (b.out / search_bundle(group)).is_dir()]
    for group, pattern in groups:
        if (group, pattern) not in stale:
            for f in sorted((b.out / search_bundle(group)).rglob("*")):
                if f.is_file():
                    reuse_file(f, b.staging / f.relative_to(b.out))
    return stale


def _check_links(b: _Build, site: _Site, progress: Progress) -> None:
    """Raise BuildError if an internal link or anchor points nowhere. A page kept was checked by the build that
    rendered it, and still resolves unless a page went or lost an anchor: then every page is checked again,
    otherwise only the pages rendered now."""
    old_pages: dict[str, str] = b.manifest["pages"] if b.manifest else {}
    lost = old_pages.keys() - site.links.keys() or any(
        not set(b.links[path][1]) <= site.links[path][1] for path in site.rendered if path in b.links)
    progress.phase("link check", 1)
    broken = broken_links(site.links, b.staging, None if b.manifest is None or lost else site.rendered)
    progress.advance()
    if broken:
        raise BuildError(f"{len(broken)} broken internal link(s), first: {broken[0]}", path=str(b.out))


def _write_next_state(b: _Build, site: _Site, phases: dict[str, _Phase], groups: dict[str, str]) -> None:
    """Write into the new site what the next build reuses: the manifest, the links and what was derived."""
    laws_state = {name: {**b.law_inputs(name), "pages": sorted(phase.pages), "files": sorted(phase.files)}
                  for name, phase in phases.items()}
    write_state(b.staging, {"inputs": b.inputs, "pages": site.pages, "outputs": site.outputs, "files": site.files,
                            "groups": groups, "laws": laws_state, "warnings": list(b.warnings)}, site.links,
                b.derived)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, so readers never see a half-built site."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
