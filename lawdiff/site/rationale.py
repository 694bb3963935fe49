"""What a proposal's page shows of its reasons: the rationale's Markdown made safe HTML with its citations
linked to the bibliography, the laws its sources are, and the definitions it relies on (data in
``site/sources.yaml``)."""


from __future__ import annotations

import functools
import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from lawdiff.amending.proposals import (
    Source,
)
from lawdiff.amending.proposals.model import CITATION_GROUP, citation_parts
from lawdiff.errors import BuildError, ParseError
from lawdiff.files import read_yaml
from lawdiff.locations import SITE_DIR
from lawdiff.site.views import ArticleView, LawView


@dataclass(frozen=True)
class Definition:
    """A definition a proposal relies on when it cites the law it is in (``label``: the interface string)."""

    law: str
    article: str
    label: str


@dataclass(frozen=True)
class LegalData:
    """What ``site/sources.yaml`` says: the titles by which sources name each law held, and the definitions."""

    cited_laws: dict[str, tuple[str, ...]]
    definitions: tuple[Definition, ...]


def load_legal_data(path: Path) -> LegalData:
    """Return the data of ``site/sources.yaml``; raise BuildError naming the file if it cannot be read."""
    try:
        data = read_yaml(path)
        return LegalData({law: tuple(titles) for law, titles in data["cited_laws"].items()},
                         tuple(Definition(d["law"], str(d["article"]), d["label"]) for d in data["definitions"]))
    except (ParseError, KeyError, TypeError, AttributeError) as exc:
        raise BuildError(f"cannot read the legal data of the proposal pages: {exc}", path=str(path)) from None


@functools.cache
def legal_data() -> LegalData:
    """Return the site's legal data (``site/sources.yaml``), read once."""
    return load_legal_data(SITE_DIR / "sources.yaml")


_CITED_ARTICLES = re.compile(r"^\s*Arts?\.\s*(.+)$")


def source_law(source: Source, laws: list[LawView], data: LegalData) -> LawView | None:
    """Return the law held that a source is (by the titles of `LegalData.cited_laws`, or its own title), or None."""
    for law in laws:
        names = [*data.cited_laws.get(law.name, ()), law.statute.title]
        if any(source.title.startswith(name) for name in names):
            return law
    return None


def source_articles(source: Source, law: LawView) -> list[ArticleView]:
    """Return the articles of a held law that a source's ``section`` names (``Arts. 4, 10, 71``)."""
    m = _CITED_ARTICLES.match(source.section)
    keys = re.findall(r"\d+(?:-\d+)?", m.group(1)) if m else []
    return [law.by_key[key] for key in dict.fromkeys(keys) if key in law.by_key]


_MARKDOWN = MarkdownIt("commonmark", {"html": False})


_RATIONALE_TAGS = {"p", "br", "em", "strong", "code", "ul", "ol", "li", "blockquote", "a", "h5", "h6"}


def source_anchor(key: str) -> str:
    """Return the anchor of a source in a proposal's bibliography: ``src-li2025``."""
    return f"src-{key}"


def rationale_html(markdown: str, sources: tuple[Source, ...], proposals: Collection[str] = ()) -> Markup:
    """Return rationale Markdown as sanitised HTML (markdown-it, then nh3), each citation ``[@key, §4.1]`` turned
    into ``[1, §4.1]`` with the number linking to the source in the bibliography (numbered in the order of
    ``sources``), and each mention of another proposal by its id a link to its page (a sibling page)."""
    numbers = {source.key: (k, source) for k, source in enumerate(sources, 1)}

    def cite(m: re.Match[str]) -> str:
        found = citation_parts(m.group(1), numbers)
        if found is None:
            return m.group(0)
        parts = []
        for key, locator in found:
            number, source = numbers[key]
            title = html.escape(f"{source.author}, {source.title} ({source.year})")
            parts.append(f'<a class="cite" href="#{source_anchor(source.key)}" title="{title}">{number}</a>'
                         + (f", {locator}" if locator else ""))
        return "[" + "; ".join(parts) + "]"

    rendered = CITATION_GROUP.sub(cite, _MARKDOWN.render(markdown))
    if proposals:
        names = "|".join(re.escape(p) for p in sorted(proposals, key=lambda p: (-len(p), p)))  # longest first
        rendered = re.sub(rf"(?<![\w/#.-])({names})(?![\w-])", r'<a class="proposal-ref" href="\1.html">\1</a>',
                          rendered)
    return Markup(nh3.clean(rendered, tags=_RATIONALE_TAGS, attributes={"a": {"href", "class", "title"}},
                            link_rel=None))
