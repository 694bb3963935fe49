"""The link check: every internal link and anchor of the built site must resolve (read from real ``href``,
``src``, ``action`` and ``id`` attributes)."""


from __future__ import annotations

import html
import re
from collections.abc import Collection
from pathlib import Path
from urllib.parse import urldefrag, urljoin

#: The attributes of a generated page that link somewhere or name an anchor. The build writes every attribute
#: value in double quotes, escaped (Jinja autoescape), so a pattern reads them exactly and much faster than a
#: full HTML parser over thousands of pages.
_ATTRIBUTE = re.compile(r'\s(href|src|action|id)="([^"]*)"')
#: A tag as the build writes it: text never holds a raw ``<`` (autoescape), so what looks like an attribute in a
#: page's text — a rationale quoting ``<a href="…">`` — is never read as a link.
_TAG = re.compile(r"<[A-Za-z][^<>]*>")


def links_and_ids(text: str) -> tuple[list[str], set[str]]:
    """Return the links (internal ones: not http(s), mailto or data) and the anchors (ids) of a page's tags."""
    links, ids = [], set()
    for name, value in (found for tag in _TAG.findall(text) for found in _ATTRIBUTE.findall(tag)):
        value = html.unescape(value)
        if name == "id":
            ids.add(value)
        elif not value.startswith(("http:", "https:", "mailto:", "data:")):
            links.append(value)
    return links, ids


def check_links(out: Path) -> list[str]:
    """Return every internal link or anchor in the site that points nowhere, as 'page: link'."""
    return broken_links({f.relative_to(out).as_posix(): links_and_ids(f.read_text(encoding="utf-8"))
                          for f in sorted(out.rglob("*.html"))}, out)


def broken_links(pages: dict[str, tuple[list[str], set[str]]], out: Path,
                  only: Collection[str] | None = None) -> list[str]:
    """Return the links of pages (path → links, ids) that point nowhere: at no page and no file below ``out``,
    or at an anchor the page does not have (``only``: check the links of these pages only)."""
    resolved: dict[tuple[str, str], tuple[str, str]] = {}  # (page's folder, link) → (target, fragment)
    broken = []
    for page in sorted(pages if only is None else only):
        folder = page.rpartition("/")[0]
        for link in pages[page][0]:
            key = (folder, link) if link and not link.startswith("#") else (page, link)
            if key not in resolved:
                target, fragment = urldefrag(urljoin(page, link))
                target = target or page
                if target.endswith("/"):
                    target += "index.html"
                resolved[key] = (target, fragment)
            target, fragment = resolved[key]
            if target not in pages and not (out / target).exists():
                broken.append(f"{page}: {link}")
            elif fragment and target in pages and fragment not in pages[target][1]:
                broken.append(f"{page}: {link} (no anchor #{fragment})")
    return broken
