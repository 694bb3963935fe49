"""Offline search: one Pagefind index (extended build, Chinese segmented) per group of pages, run a few at a
time while the links are checked, reading the pages in path order so that two builds give the same bytes."""


from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lawdiff.errors import BuildError
from lawdiff.site.cache import reuse_file
from lawdiff.site.views import LawView, ProposalView


def pagefind_binary() -> Path:
    """Return Pagefind's extended binary (it segments Chinese); raise BuildError when it is not installed."""
    env = os.environ.get("PAGEFIND_BINARY_PATH")
    if env:
        return Path(env)
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise BuildError("the search index needs Pagefind's extended build, which segments Chinese: "
                         "pip install 'pagefind[extended]' (or build without search)") from None
    return Path(get_executable())


#: What Pagefind writes that the site does not use (its ready-made interfaces): removed after indexing.
_PAGEFIND_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def search_groups(laws: list[LawView], proposals: list[ProposalView] | None = None) -> list[tuple[str, str]]:
    """Return each search group — a law, and the proposals (after the first law, whose story they continue) —
    and the pages it indexes, as a glob below a language's root."""
    groups = [(law.name, f"laws/{law.name}/**/*.html") for law in laws]
    if proposals:
        groups.insert(1, ("proposals", "proposals/*.html"))
    return groups


def search_bundle(group: str) -> str:
    """Return the folder of one search index: ``pagefind/criminal-law/``."""
    return f"pagefind/{group}/"


@dataclass
class Indexer:
    """One Pagefind run: the index it writes, its command and, once started, its process."""

    bundle: Path
    command: list[str]
    pages: Path  # the folder Pagefind reads: the group's pages, linked there in order (see `_pages_in_order`)
    process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        if self.process is None:
            try:
                self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                text=True)
            except OSError as exc:
                raise BuildError(f"cannot run Pagefind: {exc.strerror}", path=self.command[0]) from None


def index_search(site: Path, groups: list[tuple[str, str]], at_once: int | None = None) -> list[Indexer]:
    """Start indexing the built pages for client-side search; return the runs (finish them with
    `wait_for_search_index`).

    One Pagefind index per group (a law), so that results come grouped by law: separate indexes rather than
    Pagefind filters, whose files are not byte-identical from one run to the next (Pagefind issue #638). Only
    the Chinese tree is indexed, built as Chinese (``--force-language zh``; its segmenter splits English words
    too): its pages hold the English renderings as well, so the English search page uses the same indexes and
    points its results into ``en/``. Only pages marked ``data-pagefind-body`` (articles, instruments, proposals) count.
    """
    binary = pagefind_binary()
    runs = []
    try:
        for group, pattern in groups:
            pages, bundle = _pages_in_order(site, pattern), site / search_bundle(group)
            runs.append(Indexer(bundle, [str(binary), "--site", str(pages), "--glob", pattern, "--output-path",
                                          str(bundle), "--force-language", "zh", "--silent"], pages))
        for run in runs[:at_once]:  # ``at_once`` runs at a time (all of them: None); the others as those end
            run.start()
    except BaseException:
        stop_indexers(runs)
        raise
    return runs


def _pages_in_order(site: Path, pattern: str) -> Path:
    """Return a folder beside the site holding (hard links to) the site's pages that match ``pattern``, linked
    in the order of their paths. Pagefind's index files depend on the order it finds the pages in, which is the
    order the file system lists them: by name hash on most disks, but on some (tmpfs) by creation, and pages
    are written in whatever order the render processes finish them."""
    folder = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent))
    for page in sorted(site.glob(pattern)):
        if page.is_file():
            reuse_file(page, folder / page.relative_to(site))
    return folder


def stop_indexers(runs: list[Indexer]) -> None:
    for run in runs:
        if run.process is not None:
            run.process.kill()
            run.process.communicate()
        shutil.rmtree(run.pages, ignore_errors=True)


def wait_for_search_index(runs: list[Indexer], site: Path, done: Callable[[], None] = lambda: None) -> None:
    """Wait for every Pagefind run to finish, starting each one not started yet as an earlier one ends (as many
    at a time as `index_search` started); raise BuildError with the first failure's last message."""
    failure = None
    at_once = sum(run.process is not None for run in runs) or 1
    for i, run in enumerate(runs):
        try:
            for later in runs[i:i + at_once]:
                later.start()
            assert run.process is not None
            stdout, stderr = run.process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            stop_indexers(runs)
            raise BuildError("Pagefind did not finish within 5 minutes", path=str(site)) from None
        if failure is None and (run.process.returncode != 0 or not (run.bundle / "pagefind.js").exists()):
            detail = (stderr or stdout).strip().splitlines()
            failure = f"Pagefind failed for {run.bundle.relative_to(site)}: " + (
                detail[-1] if detail else f"exit status {run.process.returncode}")
        for name in _PAGEFIND_UNUSED:
            (run.bundle / name).unlink(missing_ok=True)
        shutil.rmtree(run.pages, ignore_errors=True)
        done()
    if failure:
        raise BuildError(failure, path=str(site))


def page_group(path: str, groups: list[tuple[str, str]]) -> str | None:
    """Return the search group whose index holds a page (None: no index holds it)."""
    if path.startswith("laws/"):
        name = path.split("/", 2)[1]
        return name if any(group == name for group, _ in groups) else None
    if path.startswith("proposals/") and path.count("/") == 1:
        return "proposals" if any(group == "proposals" for group, _ in groups) else None
    return None


# --- the directory: what a query can name directly ------------------------------------------------------------------

#: How a title is cut to the short forms readers type: the country's name before a law's, and the issuing courts
#: before an interpretation's subject (最高人民法院、最高人民检察院关于办理…的解释 → 办理…的解释).
_TITLE_PREFIXES = ("中华人民共和国", "最高人民法院、最高人民检察院关于", "最高人民检察院、最高人民法院关于",
                   "最高人民法院关于", "最高人民检察院关于", "全国人民代表大会常务委员会关于", "国务院关于")
#: Where each language tree keeps its directory (a script, so that it loads from a page opened as a file too).
DIRECTORY_FILE = "search/directory.js"


def short_titles(title: str) -> list[str]:
    """Return a title and the short forms it is cited by, longest first, without repeats.

    >>> short_titles("中华人民共和国刑法修正案（九）")
    ['中华人民共和国刑法修正案（九）', '刑法修正案（九）']
    >>> short_titles("最高人民法院关于审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定")[1]
    '审理使用人脸识别技术处理个人信息相关民事案件适用法律若干问题的规定'
    """
    out = [title]
    for prefix in _TITLE_PREFIXES:
        if title.startswith(prefix) and len(title) > len(prefix) + 1:
            out.append(title[len(prefix):])
    return list(dict.fromkeys(out))


def directory(laws: list[LawView], proposals: list[ProposalView], lang: str,
              messages: dict[str, dict[str, Any]]) -> dict[str, object]:
    """Return what the search page resolves a query against before any full-text search: every law (its titles
    and short titles in Chinese and English, the path of its table of contents and of each article, its chapters
    and sections), every instrument and proposal (titles), and every charge name (the articles it names, whether
    still in use). Paths are from a language tree's root; ``messages``: the interface strings of each language."""
    english = messages["en"].get("laws", {})
    out_laws = []
    documents: list[dict[str, object]] = []
    charges: list[dict[str, object]] = []
    for law in laws:
        titles = [*short_titles(law.statute.title), *([english[law.name]] if law.name in english else [])]
        headings = [[node.eid, f"{node.num} {node.heading}".strip()] for node in law.statute.walk()
                    if node.kind in ("book", "part", "chapter", "section") and node.heading]
        out_laws.append({"name": law.name, "title": law.title(lang, messages[lang]), "titles": titles,
                         "path": law.path, "dir": law.directory, "headings": headings,
                         "articles": {a.key: [a.label(lang), a.snippet] for a in law.articles},
                         "english": any(a.translation for a in law.articles)})
        for iv in law.instruments:
            documents.append({"kind": "instrument", "title": iv.name(lang),
                              "titles": [*short_titles(iv.title), iv.name("en")], "path": iv.path})
        if law.charges is not None:
            for c in law.charges.charges:
                keys = list(dict.fromkeys(p.article for p in c.provisions if p.instrument is None))
                if keys:
                    charges.append({"name": c.name, "law": law.name, "articles": keys, "current": c.end is None,
                                    "since": c.start.isoformat(), "until": c.end.isoformat() if c.end else None})
    for view in proposals:
        documents.append({"kind": "proposal", "title": view.title(lang),
                          "titles": [view.proposal.title.zh, view.proposal.title.en], "path": view.path})
    return {"laws": out_laws, "documents": documents, "charges": charges}
