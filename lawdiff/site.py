"""The static site build: statutes → HTML pages in ``_site/``.

`build` is one linear function: gather the statutes → render every page into a temporary folder →
copy static assets → check every internal link and anchor → swap the new site in atomically, so a
failed build leaves the previous site untouched.
"""

from __future__ import annotations

import hashlib
import html.parser
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import jinja2

from .errors import LawdiffError
from .library import Library
from .model import Provision, Statute

SITE_DIR = Path(__file__).resolve().parents[1] / "site"


class BuildError(LawdiffError):
    """The site could not be built (a template failed or a link is broken)."""


@dataclass
class Page:
    """One output page: its path below the site root and its HTML."""

    path: str
    html: str


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    return env


def article_path(statute: Statute, article: Provision) -> str:
    """Return the version-pinned URL path of an article page: ``laws/criminal-law/zho@2020-12-26/art_253-1.html``."""
    return f"{statute_dir(statute)}/{article.eid}.html"


def statute_dir(statute: Statute) -> str:
    date = statute.expression_date.isoformat() if statute.expression_date else "undated"
    return f"laws/{statute.name}/{statute.language or 'zho'}@{date}"


def render_pages(library: Library, env: jinja2.Environment, assets: dict[str, str]) -> list[Page]:
    """Return every page of the site, rendered."""
    statutes = library.statutes()
    pages = [Page("index.html", env.get_template("index.html").render(
        statutes=statutes, statute_dir=statute_dir, root="", assets=assets))]
    for statute in statutes:
        base = statute_dir(statute)
        articles = list(statute.articles())
        pages.append(Page(f"{base}/index.html", env.get_template("statute.html").render(
            statute=statute, toc=statute.containers(), root="../../../", assets=assets,
            article_href=lambda a: f"{a.eid}.html")))
        for i, art in enumerate(articles):
            pages.append(Page(article_path(statute, art), env.get_template("article.html").render(
                statute=statute, article=art, root="../../../", assets=assets,
                previous=articles[i - 1] if i else None,
                next=articles[i + 1] if i + 1 < len(articles) else None)))
    return pages


def _copy_static(static: Path, out: Path) -> dict[str, str]:
    """Copy static assets with a content hash in their names; return logical name → fingerprinted path."""
    assets = {}
    for src in sorted(static.rglob("*")):
        if not src.is_file():
            continue
        rel = src.relative_to(static)
        digest = hashlib.sha256(src.read_bytes()).hexdigest()[:10]
        target = Path("static") / rel.parent / f"{rel.stem}.{digest}{rel.suffix}"
        (out / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out / target)
        assets[str(rel)] = target.as_posix()
    return assets


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src") and not value.startswith(("http:", "https:", "mailto:", "data:")):
                self.links.append(value)
            if name == "id":
                self.ids.add(value)


def check_links(out: Path) -> list[str]:
    """Return every internal link or anchor in the site that points nowhere, as 'page: link'."""
    pages: dict[str, _Links] = {}
    for f in sorted(out.rglob("*.html")):
        parser = _Links()
        parser.feed(f.read_text(encoding="utf-8"))
        pages[f.relative_to(out).as_posix()] = parser
    broken = []
    for page, parser in pages.items():
        for link in parser.links:
            target, fragment = urldefrag(urljoin(page, link))
            target = target or page
            if target.endswith("/"):
                target += "index.html"
            if not (out / target).exists():
                broken.append(f"{page}: {link}")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{page}: {link} (no anchor #{fragment})")
    return broken


def build(root: Path, out: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Build the site of the project at ``root`` into ``out``; return the number of pages written."""
    library = Library(root)
    env = _environment(SITE_DIR / "templates")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        assets = _copy_static(SITE_DIR / "static", staging)
        try:
            pages = render_pages(library, env, assets)
        except jinja2.TemplateError as exc:
            raise BuildError(f"template error: {exc}", path=str(SITE_DIR / "templates")) from None
        for i, page in enumerate(pages, 1):
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.html, encoding="utf-8")
            if progress:
                progress(i, len(pages))
        broken = check_links(staging)
        if broken:
            raise BuildError(f"{len(broken)} broken internal link(s), first: {broken[0]}", path=str(out))
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(pages)


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
