"""What the drafting workbench shows: its page (``site/templates/studio.html`` on the site's base template) and the
answer to a preview — the same data as JSON for the API's callers, and as HTML fragments rendered by the site's
templates (autoescaped; the rationale sanitised as the proposal pages sanitise it) for the page to put in place.

The page is served only by `lawdiff serve`: a built site never holds it, nor its script and style sheet
(`lawdiff.site.pages.STUDIO_ASSETS`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from typing import Any, cast

from lawdiff.akn import numbering
from lawdiff.akn.model import Provision
from lawdiff.amending.proposals import Pair, Proposal
from lawdiff.analysis.penalties import Comparison
from lawdiff.analysis.refs import Ref
from lawdiff.errors import LawdiffError
from lawdiff.locations import SITE_DIR
from lawdiff.site.compare import compare_rows
from lawdiff.site.pages import Renderer, environment, fingerprinted, load_messages
from lawdiff.site.rationale import rationale_html
from lawdiff.site.studio import Draft, Workbench, requested_sources
from lawdiff.site.views import LANGS, STORY, VERDICTS, ProposalView, statute_dir

#: Where the workbench is served, by language (the English interface mirrors the site's en/ tree).
PAGE_PATHS = {"zh": "studio/index.html", "en": "en/studio/index.html"}
#: The templates of the workbench: rendered by `lawdiff serve`, never by a build.
STUDIO_TEMPLATES = ("partials/studio_diff.html", "partials/studio_instructions.html", "partials/studio_report.html",
                    "studio.html")


class StudioView:
    """Renders the workbench's page and answers for one project, in both interface languages."""

    def __init__(self, workbench: Workbench) -> None:
        self.workbench = workbench
        self.env = environment(SITE_DIR / "templates")
        self.messages = load_messages(SITE_DIR / "i18n")
        assets = fingerprinted(SITE_DIR / "static")
        self.renderers = {lang: Renderer(self.env, lang, self.messages, assets, [], []) for lang in LANGS}
        library, story = workbench.library, STORY[0]
        if story in library.names and library.instrument_files(story):
            for renderer in self.renderers.values():
                # the page's header links to the site's list of amendments, as every page of the built site does
                renderer.amendments_path = f"laws/{story}/amendments/index.html"

    def page(self, lang: str, token: str) -> str:
        """Return the workbench's page in a language, holding the run's token for its requests."""
        renderer = self.renderers[lang]
        workbench = self.workbench
        laws = workbench.laws(self.messages[lang])
        data = {"laws": laws, "proposals": workbench.proposal_list(), "today": workbench.today().isoformat(),
                "lang": lang, "messages": {k: str(v) for k, v in self.messages[lang].items()
                                           if k.startswith("studio_")}}
        # the header links to the list of proposals when the site has one (`Renderer.render` asks its proposals)
        renderer.proposals = cast("list[ProposalView]", workbench.proposals())  # only their number is looked at
        page = renderer.render("studio.html", PAGE_PATHS[lang].removeprefix("en/"), token=token, law_choices=laws,
                               data=data, proposal_list=data["proposals"], today=data["today"])
        return page.html

    def preview(self, body: Mapping[str, Any], lang: str = "zh") -> dict[str, Any]:
        """Return the answer to a preview request: the drafted instructions, the diff, penalties, reference
        warnings, term impact, conflicts and offence names — as data and as HTML fragments."""
        started = time.perf_counter()
        renderer = self.renderers[lang if lang in LANGS else "zh"]
        workbench = self.workbench
        with workbench.lock:
            draft = workbench.draft(body)
            editing = body.get("editing") if isinstance(body.get("editing"), str) else None
            penalties = workbench.penalties(draft)
            inside, outside = workbench.warnings(draft)
            terms = workbench.terms(draft)
            conflicts = workbench.conflicts(draft, editing)
            charges = workbench.charges(draft)
            diffs = self._diffs(draft, renderer, dict(penalties))
        blocks = draft.drafted.blocks()
        instructions = _items(blocks, draft)
        data: dict[str, Any] = {
            "base": draft.base_ref,
            "instructions": instructions,
            "english": list(draft.proposal.english),
            "changes": draft.drafted.markdown(),
            "penalties": [_penalty(article.label, c, renderer) for article, c in penalties],
            "warnings": [*({"kind": w.kind, "where": w.where, "message": str(renderer.ref_warning(w).striptags())}
                           for w in inside),
                         *(_cited(article.label, ref, renderer, workbench.library.law_title(ref.origin) or ref.origin)
                           for article, ref in outside)],
            "terms": terms,
            "conflicts": [_conflict(p, pair, renderer) for p, pair in conflicts],
            "charges": charges,
        }
        context = {"draft": draft, "data": data, "diffs": diffs, "inside": inside, "outside": outside,
                   "penalties": penalties, "conflicts": conflicts}
        data["instructions_html"] = self._fragment(renderer, "partials/studio_instructions.html", context)
        data["diff_html"] = self._fragment(renderer, "partials/studio_diff.html", context)
        data["report_html"] = self._fragment(renderer, "partials/studio_report.html", context)
        rationale = body.get("rationale")
        if isinstance(rationale, dict):
            data["rationale_html"] = self.rationale(rationale, body)
        count = len(instructions)
        data["summary"] = str(renderer.t("studio_preview_done", count=count))
        data["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return data

    def rationale(self, texts: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, str]:
        """Return the rationale as the proposal page shows it: Markdown rendered and sanitised, citations linked."""
        try:
            sources = requested_sources(body)
        except Exception:  # a source half typed: the rationale is shown without its citations linked
            sources = ()
        return {lang: str(rationale_html(str(texts.get(lang) or ""), sources)) for lang in LANGS
                if isinstance(texts.get(lang), str)}

    def _diffs(self, draft: Draft, renderer: Renderer, penalties: dict[Any, Comparison]) -> list[dict[str, Any]]:
        out = []
        current = self.workbench.library.current(draft.base.name)
        for article in draft.articles:
            old_el, new_el = draft.base.find(article.eid), draft.drafted.proposed.find(article.eid)
            old = Provision(old_el) if old_el is not None else None
            new = Provision(new_el) if new_el is not None else None
            exists = current.find(article.eid) is not None
            out.append({"article": article, "rows": compare_rows(old, new, renderer.t), "new": old is None,
                        "deleted": article.deleted, "penalty": penalties.get(article),
                        "page": f"/{statute_dir(current)}/{article.eid}.html" if exists else None})
        return out

    def _fragment(self, renderer: Renderer, template: str, context: dict[str, Any]) -> str:
        return renderer.render(template, PAGE_PATHS[renderer.lang].removeprefix("en/"), **context).html


def _items(blocks: list[str], draft: Draft) -> list[str]:
    """Return the drafted items, each its blocks joined by a line break (the first holding its number)."""
    out: list[str] = []
    labels = [draft.drafted.style.item_label(n) for n in range(1, len(blocks) + 2)]
    for block in blocks:
        if out and not any(block.startswith(label) for label in labels[:len(out) + 1]):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return out


def _penalty(label: str, comparison: Comparison, renderer: Renderer) -> dict[str, Any]:
    key = VERDICTS.get(comparison.verdict, "unknown")
    return {"article": label, "verdict": key,
            "label": str(renderer.t(f"penalty_{key}")) if key != "unknown" else str(renderer.t("direction_unknown")),
            "summary": str(renderer.penalty_summary(comparison).striptags()), "reasons": list(comparison.reasons)}


def _cited(label: str, ref: Ref, renderer: Renderer, title: str) -> dict[str, Any]:
    """Return a citation, by another law, of an article the draft deletes."""
    where = ref.source
    with contextlib.suppress(LawdiffError):  # a source without an article number (a text in parts 一、二、)
        where = numbering.provision_label(ref.source)
    law = renderer.messages.get("laws", {}).get(ref.origin, title) if renderer.lang == "en" else title
    message = renderer.t("studio_cited_deleted", law=law, where=where, article=label)
    return {"kind": "cited", "law": ref.origin, "where": where, "words": ref.words, "message": str(message)}


def _conflict(proposal: Proposal, pair: Pair, renderer: Renderer) -> dict[str, Any]:
    return {"id": proposal.id, "title": proposal.title.en if renderer.lang == "en" else proposal.title.zh,
            "status": pair.status, "shared": list(pair.shared), "differing": list(pair.differing),
            "error": pair.forward or pair.backward,
            "note": str(renderer.t(f"conflict_{pair.status}_note"))}


__all__ = ["PAGE_PATHS", "STUDIO_TEMPLATES", "StudioView"]
