"""The static site build: pages and their URLs, versions and instruments, both languages, determinism, link
checking, atomic replacement, the search index. (The browser tests are in tests/browser/.)"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import sys
from pathlib import Path

import jinja2
import pytest
import yaml
from browser.site_project import REPO, copy_project
from markupsafe import Markup
from typer.testing import CliRunner

from lawdiff.amending.proposals import STATUSES, Source
from lawdiff.cli import app
from lawdiff.diffing.diff import diff_statutes
from lawdiff.errors import LawdiffError
from lawdiff.library import Library
from lawdiff.locations import SITE_DIR
from lawdiff.site.builder import build
from lawdiff.site.compare import compare_rows
from lawdiff.site.gather import example_dates, gather
from lawdiff.site.links import check_links
from lawdiff.site.pages import Renderer, environment, load_messages
from lawdiff.site.rationale import legal_data, rationale_html
from lawdiff.site.views import BY_TIER, CITATION_OUTCOMES, LANGS, OUTCOMES, TIER_DIRECTIONS, VERDICTS, VersionView

LAW = "laws/criminal-law/zho@2023-12-29"
ARTICLE = f"{LAW}/art_253-1.html"
PROPOSAL = "proposals/illegal-use-offence.html"
PROPOSALS = sorted((REPO / "proposals").glob("*.md"))
INTERPRETATION = "laws/spc-spp-interpretation-2017/zho@2017-05-08"


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, list[str]]:
    """Build the site once (without the search index) and record every template the build used."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    used: list[str] = []
    real = jinja2.FileSystemLoader.get_source

    def recording(self, environment, template):
        used.append(template)
        return real(self, environment, template)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jinja2.FileSystemLoader, "get_source", recording)
        # one process: the templates are then loaded here, where they are recorded, not in render workers
        count = build(project, project / "_site", search=False, jobs=1)
    return project / "_site", count, used


def _page(built, path: str) -> str:
    return (built[0] / path).read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- pages and URLs ---------------------------------------------------------------------------


def test_every_page_is_written_in_both_languages(built) -> None:
    out, count, _ = built
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    directories = sorted(p.relative_to(out).as_posix() for p in out.rglob("directory.js"))
    assert directories == ["en/search/directory.js", "search/directory.js"]  # search's directory, from a template
    assert count == len(pages) + len(directories)
    zh = [p for p in pages if not p.startswith("en/")]
    assert [p for p in pages if p.startswith("en/")] == [f"en/{p}" for p in zh]  # the English tree mirrors
    for path in ("index.html", "search.html", f"{LAW}/index.html", ARTICLE, f"{LAW}/compare/art_253-1.html",
                 f"{LAW}/compare/art_253-1/2009-02-28_2015-11-01.html", "laws/criminal-law/amendments/index.html",
                 "laws/criminal-law/amendments/amendment-07.html",
                 "laws/personal-information-protection-law/zho@2021-08-20/art_10.html",
                 "laws/spc-spp-interpretation-2017/zho@2017-05-08/index.html", "proposals/index.html",
                 *(f"proposals/{p.stem}.html" for p in PROPOSALS)):
        assert path in zh, path
    assert len([p for p in zh if re.fullmatch(r"laws/criminal-law/amendments/amendment-\d\d\.html", p)]) == 12


def test_every_template_is_used(built) -> None:
    """Every template renders a page of the site, but the drafting workbench's (lawdiff serve renders those)."""
    from lawdiff.site.studio_view import STUDIO_TEMPLATES

    templates = sorted(p.relative_to(SITE_DIR / "templates").as_posix()
                       for p in (SITE_DIR / "templates").rglob("*") if p.suffix in (".html", ".js"))
    assert sorted(set(built[2])) == [t for t in templates if t not in STUDIO_TEMPLATES]
    assert set(STUDIO_TEMPLATES) <= set(templates)


def test_the_workbench_is_never_in_the_built_site(built) -> None:
    out = built[0]
    assert not [p for p in out.rglob("*") if "studio" in p.name]
    assert not [p for p in out.rglob("*.html") if "studio" in p.read_text(encoding="utf-8")]


def test_templates_and_sources_never_reach_the_output(built) -> None:
    out = built[0]
    leaked = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.suffix in (".j2", ".yaml", ".xml", ".md", ".py"))
    assert leaked == sorted(f"proposals/downloads/{p.stem}-comparison-table.md" for p in PROPOSALS)  # downloads only
    for path in ("index.html", ARTICLE, "laws/criminal-law/amendments/amendment-09.html", PROPOSAL):
        html = _page(built, path)
        assert "{{" not in html and "{%" not in html and "{#" not in html


def test_assets_are_local_and_fingerprinted(built) -> None:
    out = built[0]
    css = list((out / "static").glob("lawdiff.*.css"))
    js = list((out / "static").glob("search.*.js"))
    assert len(css) == 1 and len(js) == 1
    page = _page(built, ARTICLE)
    assert f'href="../../../static/{css[0].name}"' in page
    assert f'src="static/{js[0].name}"' in _page(built, "search.html")
    for f in out.rglob("*.html"):  # no request leaves the site
        assert not re.search(r'(?:src|href)="(?:https?:)?//', f.read_text(encoding="utf-8")), f


def test_article_page_shows_the_text_in_force_with_an_anchor_per_eid(built) -> None:
    page = _page(built, ARTICLE)
    assert '<h1 class="article-num"><span lang="zh-Hans">第二百五十三条之一</span></h1>' in page
    for n in range(1, 5):
        assert f'id="art_253-1__para_{n}"' in page
    assert "单位犯前三款罪的" in _text(page).replace(" ", "")
    assert '<a href="index.html#book_2__chp_4" lang="zh-Hans">第四章 侵犯公民人身权利、民主权利罪</a>' in page
    assert '<a rel="prev" href="art_253.html">' in page and '<a rel="next" href="art_254.html">' in page


def test_article_timeline_lists_every_version_with_instrument_and_item(built) -> None:
    text = _text(_page(built, ARTICLE))
    assert "1997年10月1日 至 2009年2月27日 本条当时尚不存在" in text
    assert "2009年2月28日 至 2015年10月31日 刑法修正案（七） 第七条" in text
    assert "2015年8月29日 至 2015年10月31日 已通过、尚未施行" in text  # Amendment IX adopted, not yet in force
    assert "2015年11月1日 起 现行 刑罚加重 ↑ 刑法修正案（九） 第十七条" in text
    page = _page(built, ARTICLE)
    assert 'id="v2009-02-28-art_253-1__para_2"' in page  # every version's paragraphs reachable
    assert '<a href="../amendments/amendment-07.html#item_7">第七条</a>' in page
    assert '<a href="compare/art_253-1/2009-02-28_2015-11-01.html">与上一版本比较</a>' in page


def test_undetermined_text_is_shown_as_not_in_corpus_never_invented(built) -> None:
    page = _page(built, f"{LAW}/art_182.html")  # the 1997 text of 182 was replaced whole by Amendment VI
    section = page[page.index('id="v1997-10-01"'):page.index('id="v1999-12-25"')]
    assert '<span class="unknown">文本不在语料中</span>' in section
    assert "此处文本在本站语料中没有来源" in section
    assert "〔本款文本不在语料中" not in page  # the internal marker never shows


def test_statute_page_is_a_table_of_contents_by_book_chapter_section(built) -> None:
    toc = _page(built, f"{LAW}/index.html")
    assert '<span class="toc-heading" id="book_2__chp_6__sec_6" lang="zh-Hans">第六节 破坏环境资源保护罪</span>' in toc
    assert '<a href="art_253-1.html"><span lang="zh-Hans">第二百五十三条之一</span></a>' in toc
    assert '<span class="badge">2 个版本</span>' in toc
    assert "附件一" in toc and "中华人民共和国惩治军人违反职责罪暂行条例" in toc


def test_instrument_page_has_items_verbatim_and_before_after_per_provision(built) -> None:
    library = Library(built[0].parent)
    for k, instrument in enumerate(library.instruments("criminal-law"), 1):
        text = _page(built, f"laws/criminal-law/amendments/amendment-{k:02d}.html")
        for item in instrument.items:
            assert f'id="item_{item.number}"' in text
            for i, block in enumerate(item.blocks):
                assert Markup("<p>{}{}</p>").format(item.prefix if i == 0 else "", block) in text
    page = _page(built, "laws/criminal-law/amendments/amendment-09.html")
    item = page[page.index('id="item_17"'):page.index('id="item_18"')]
    assert item.count('<tr class="row-') == 4
    assert '<a href="../zho@2023-12-29/art_253-1.html#v2015-11-01">查看本条及其历次版本</a>' in item
    assert "修改后（<time datetime=\"2015-11-01\">2015年11月1日</time>起施行）" in item


def test_compare_pages_cover_every_pair_of_versions(built) -> None:
    out = built[0]
    index = _page(built, f"{LAW}/compare/art_182.html")
    pairs = re.findall(r'href="(art_182/[\d-]+_[\d-]+\.html)"', index)
    assert len(pairs) == 6  # four versions
    assert all((out / LAW / "compare" / p).exists() for p in pairs)
    assert not (out / LAW / "compare/art_1.html").exists()  # one version: nothing to compare


def test_english_pages_show_the_translation_beside_the_authoritative_chinese(built) -> None:
    page = _page(built, f"en/{ARTICLE}")
    assert '<html lang="en">' in page
    assert "Text in force" in page and "Unofficial translation" in page
    assert '<p class="zh" lang="zh-Hans">违反国家有关规定，向他人出售或者提供公民个人信息' in page
    assert "Whoever, in violation of the relevant provisions of the State, sells or provides citizens' personal" \
           in page.replace("&#39;", "'")
    assert "Amendment VII" in page and "Item 7" in page
    assert "Whoever steals or otherwise unlawfully obtains such information" in page  # the VII version's own
    zh = _page(built, ARTICLE)
    assert '<details class="translation" lang="en">' in zh  # Chinese pages keep it folded away


def test_language_switch_links_to_the_same_page(built) -> None:
    zh, en = _page(built, ARTICLE), _page(built, f"en/{ARTICLE}")
    assert '<a class="lang-switch" href="../../../en/laws/criminal-law/zho@2023-12-29/art_253-1.html"' in zh
    assert '<a class="lang-switch" href="../../../../laws/criminal-law/zho@2023-12-29/art_253-1.html"' in en


def test_home_page_tells_the_personal_information_story(built) -> None:
    text = _text(_page(built, "index.html"))
    assert "刑法修正案（七）第七条增加本条，自 2009年2月28日 起施行。" in text
    assert "刑法修正案（九）第十七条修改本条，自 2015年11月1日 起施行。" in text
    en = _text(_page(built, "en/index.html"))
    assert "Amendment VII, item 7, created the article, in force from 28 February 2009 ." in en
    assert "Amendment IX, item 17, rewrote the article, in force from 1 November 2015 ." in en


def test_search_page_works_without_an_index_and_says_what_it_needs(built) -> None:
    page = _page(built, "search.html")
    assert "<noscript>" in page and 'role="search"' in page
    assert not (built[0] / "pagefind").exists()  # built with search=False


def test_interface_strings_exist_in_both_languages() -> None:
    messages = {lang: yaml.safe_load((SITE_DIR / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
                for lang in LANGS}
    assert set(messages["zh"]) == set(messages["en"])
    templates = "".join(p.read_text(encoding="utf-8") for p in (SITE_DIR / "templates").rglob("*.html"))
    prefixes = {"row_", "penalty_", "status_", "outcome_", "conflict_", "citation_", "direction_"}
    used = set(re.findall(r"\bt\('(\w+)'", templates)) - prefixes
    used |= {f"row_{s}" for s in ("same", "changed", "inserted", "deleted", "unknown")}
    used |= {f"penalty_{v}" for v in VERDICTS.values()} | {f"outcome_{v}" for v in (*OUTCOMES.values(), BY_TIER)}
    used |= {f"tier_{v}" for v in OUTCOMES.values()} | {f"citation_{v}" for v in CITATION_OUTCOMES.values()}
    used |= {f"direction_{v}" for v in TIER_DIRECTIONS.values()}
    used |= {f"status_{s}" for s in STATUSES} | {f"conflict_{s}{n}" for s in ("clean", "differ", "fail")
                                                 for n in ("", "_note")}
    used |= {f"direction_{v}" for v in (*VERDICTS.values(), "unknown")} | {d.label for d in legal_data().definitions}
    used |= {"not_in_corpus", "penalty_summary", "penalty_range", "table_note", "version_period", "version_period_open",
             "version_base_original", "version_base_revised", "version_base_adopted", "missing_name", "tier_if_offence",
             "proposals_title", "marker_deleted", "marker_inserted",
             "warning_elsewhere", "warning_deleted", "provision_gone", "list_separator"}  # used by the site package
    assert used - set(messages["zh"]) == set()


# --- legal depth on article pages ---------------------------------------------------------------


def test_article_page_links_its_cross_references(built) -> None:
    page = _page(built, ARTICLE)
    # 前款 in the second paragraph and 第一款 in the third point at the first paragraph; 前三款 at the first of three
    assert '依照<a class="ref" href="art_253-1.html#art_253-1__para_1">前款</a>的规定从重处罚' in page
    assert '依照<a class="ref" href="art_253-1.html#art_253-1__para_1">第一款</a>的规定处罚' in page
    assert '单位犯<a class="ref" href="art_253-1.html#art_253-1__para_1">前三款</a>罪的' in page
    assert "国家有关规定</a>" not in page  # an unspecified reference is not a link
    # another law's article links to that article's page and paragraph
    interpretation = _page(built, f"{INTERPRETATION}/art_4.html")
    assert ('<a class="ref" href="../../criminal-law/zho@2023-12-29/art_253-1.html#art_253-1__para_3">'
            '刑法第二百五十三条之一第三款</a>') in interpretation


def test_article_page_lists_what_cites_it(built) -> None:
    page = _page(built, ARTICLE)
    cited = page[page.index('<section class="cited-by"'):]
    assert "最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释" in cited
    assert ('<a href="../../spc-spp-interpretation-2017/zho@2017-05-08/art_4.html#art_4__para_1" lang="zh-Hans">'
            '第四条第一款</a>') in cited
    assert '<a href="#art_253-1__para_3" lang="zh-Hans">第三款</a>' in cited  # to the paragraph interpreted
    assert '<a href="#art_253-1__para_1" lang="zh-Hans">第一款</a>' in cited  # 第五条第二款: 情节严重 of para 1
    assert "art_253-1.html#art_253-1__para_4" not in cited  # its own 前三款 is not listed as citing it


def test_article_versions_carry_a_penalty_badge(built) -> None:
    page = _page(built, ARTICLE)
    ix = page[page.index('id="v2015-11-01"'):page.index('</li>', page.index('id="v2015-11-01"'))]
    assert '<span class="badge penalty penalty-heavier">刑罚加重 ↑</span>' in ix
    text = _text(ix)
    assert "与上一版本相比：最高刑 3年有期徒刑并处罚金 → 7年有期徒刑并处罚金 （加重）；最低刑 单处罚金 → 单处罚金 （不变）" in text
    vii = page[page.index('id="v2009-02-28"'):page.index('id="v2015-11-01"')]
    assert "penalty-" not in vii  # the first version has nothing to compare with
    en = _text(_page(built, f"en/{ARTICLE}"))
    assert "heavier penalty ↑" in en and "maximum 3年有期徒刑并处罚金 → 7年有期徒刑并处罚金 (heavier)" in en


def test_article_page_works_an_article_12_example(built) -> None:
    page = _page(built, ARTICLE)
    section = page[page.index('<section class="art12"'):page.index("</section>", page.index('<section class="art12"'))]
    text = _text(section)
    assert '<a href="art_12.html">《刑法》第十二条</a>' in section
    assert "行为日期 2014年5月1日 · 2009年2月28日 · 刑法修正案（七）" in text
    assert "审判日期 2016年3月1日 · 2015年11月1日 · 刑法修正案（九）" in text
    # Art. 12 tier by tier (issue 13): an insider's sale keeps VII (heavier now), a sale by anyone else was no offence
    # under VII — which tier the conduct fits is for the judge
    assert "适用 需由法官判断：取决于行为所对应的量刑档次" in text
    assert "applies: a judge must decide: it depends on the tier the conduct fits" in section  # the library's reasoning
    assert '<form class="art12-form" hidden' in section  # the form needs script: hidden until it runs
    data = json.loads(html.unescape(re.search(r'<script type="application/json" class="art12-data">(.*?)</script>',
                                              section, re.S).group(1)))
    assert data["starts"] == ["1997-10-01", "2009-02-28", "2015-11-01"]
    decision = data["decisions"]["1,2"]
    assert (decision["outcome"], decision["version"], decision["citations"]) == ("tiers", None, [])
    assert decision["penalties"] == "最高刑 3年有期徒刑并处罚金 → 7年有期徒刑并处罚金（加重）；最低刑 单处罚金 → 单处罚金（不变）"
    assert len(decision["tiers"]) == 10
    assert decision["tiers"][0]["answer"] == "需由法官判断行为时是否构成犯罪；如构成：行为时的版本（从旧）"
    assert decision["tiers"][8] == {"label": "[9] 第二百五十三条之一第一款 情节严重", "spans": "— → 单处罚金–3年有期徒刑并处罚金",
                                    "answer": "不依本条定罪：行为时本条不处罚此行为，或审判时已不处罚", "version": None}
    assert data["decisions"]["0,2"]["outcome"] == "none"  # not yet an offence under this article in 1997
    assert data["decisions"]["2,2"] == {"outcome": "act", "version": 2, "penalties": "", "tiers": [], "citations": []}
    assert not (built[0] / f"{LAW}/art_1.html").read_text(encoding="utf-8").count('class="art12"')  # one version


def test_article_12_example_dates() -> None:
    def version(start: str, end: str | None) -> VersionView:
        return VersionView(dt.date.fromisoformat(start), end and dt.date.fromisoformat(end), None, None, (), {})

    assert example_dates(version("2009-02-28", "2015-10-31"), version("2015-11-01", None)) == (
        dt.date(2014, 5, 1), dt.date(2016, 3, 1))
    # a short older period: the act falls on its first day; a short newer one: judgment on the day it began
    assert example_dates(version("2015-08-01", "2015-10-31"), version("2015-11-01", "2015-12-31")) == (
        dt.date(2015, 8, 1), dt.date(2015, 11, 1))


def test_article_page_lists_the_proposals_touching_it(built) -> None:
    page = _page(built, ARTICLE)
    section = page[page.index('<section class="touching"'):page.index("</section>", page.index('<section class="touching"'))]
    assert '<a href="../../../proposals/rename-personal-information.html#item_1">将“公民个人信息”修改为“个人信息”</a>' \
        in section
    assert _text(section).count("在本条后增加 第二百五十三条之二") == 2  # illegal-use-offence, comprehensive-reform
    assert '<span class="badge penalty penalty-heavier">刑罚加重 ↑</span>' in section  # public-legal-interest
    assert 'class="touching"' not in _page(built, f"{LAW}/art_254.html")
    # the charge name proposed for this article, once per proposal that renames it, on the item that changes it
    assert _text(section).count("建议罪名： 侵犯个人信息罪") == 2  # rename-personal-information, comprehensive-reform
    assert "proposed charge name: 侵犯个人信息罪" in _text(_page(built, f"en/{ARTICLE}"))


def test_proposal_page_shows_the_charge_names_it_proposes_as_proposed(built) -> None:
    meta = _page(built, "proposals/comprehensive-reform.html")
    meta = meta[meta.index('<div class="wide-meta proposed-charges">'):meta.index("</dl>")]
    assert ('<li><span lang="zh-Hans">第二百五十三条之一</span>：<span class="charge proposed" lang="zh-Hans">侵犯个人信息罪'
            '</span>（取代<span lang="zh-Hans">侵犯公民个人信息罪</span>）</li>') in meta
    assert ('<li><span lang="zh-Hans">第二百五十三条之二</span>：<span class="charge proposed" lang="zh-Hans">非法使用个人信息罪'
            '</span>（新罪名）</li>') in meta
    assert "罪名由最高人民法院、最高人民检察院确定；以下是本提案建议的罪名，不是现行罪名。" in meta
    en = _text(_page(built, f"en/{PROPOSAL}"))
    assert "Proposed charge names 第二百五十三条之二 : 非法使用个人信息罪 (a new charge)" in en
    assert "proposed-charges" not in _page(built, "proposals/biometric-aggravation.html")


def test_instrument_and_compare_pages_mark_changed_words(built) -> None:
    page = _page(built, "laws/criminal-law/amendments/amendment-09.html")
    item = page[page.index('id="item_17"'):page.index('id="item_18"')]
    assert '<del><span class="visually-hidden">删除：</span>前两款</del>' in item
    assert '<ins><span class="visually-hidden">增加：</span>前三款</ins>' in item
    assert '<span class="badge penalty penalty-heavier">刑罚加重 ↑</span>' in item
    assert 'id="diff-view-inline"' in page and "diff-view." in page  # the view switch and its script
    pair = _page(built, f"{LAW}/compare/art_253-1/2009-02-28_2015-11-01.html")
    assert '<td class="inline" lang="zh-Hans"><p>' in pair and 'id="diff-view-side" value="side" checked' in pair
    assert '<span class="badge penalty penalty-heavier">刑罚加重 ↑</span>' in pair


# --- proposals ------------------------------------------------------------------------------------


def test_proposal_page_shows_the_inserted_article_with_its_rationale_beside_it(built) -> None:
    page = _page(built, PROPOSAL)
    assert "<h1>增设非法使用个人信息罪（刑法第二百五十三条之二）" in page
    item = page[page.index('<section class="item proposal-item" id="item_1"'):page.index('<section class="proposal-section"')]
    # the drafting text verbatim, and its English
    assert "<p>一、在刑法第二百五十三条之一后增加一条，作为第二百五十三条之二：“违反国家有关规定，使用合法取得或者非法获取的个人信息" \
        in item
    assert "The following article is inserted after Article 253-1 of the Criminal Law as Article 253-2" in item
    # Article 253-2, new: every paragraph an insertion, nothing before it
    change = item[item.index('<div class="change" id="item_1-art_253-2">'):item.index('<aside class="rationale"')]
    assert '<span lang="zh-Hans">第二百五十三条之二</span>' in change and "新增条文" in change
    assert change.count('<tr class="row-inserted">') == 3 and 'class="row-' not in change.replace('row-inserted', '')
    assert '<td class="new" lang="zh-Hans"><span class="side-label" lang="zh-Hans" aria-hidden="true">按提案修改后</span>' \
           '<p><ins><span class="visually-hidden">增加：</span>违反国家有关规定，使用合法取得或者非法获取的个人信息' in change
    # the rationale beside it, in the same two-column block, citations linked to the bibliography
    rationale = item[item.index('<aside class="rationale"'):]
    assert '<div class="with-rationale">' in item and "第二百五十三条之一只规制个人信息流转链条中的“供给”环节" in rationale
    assert re.search(r'\[<a class="cite" href="#src-interp2017" title="[^"]*">5</a>, Arts\. 3, 4, 6\]', rationale)
    for source in ("li2025", "spc2025-xu", "spc2025-li", "spc2025-luo", "interp2017", "pipl2021"):
        assert f'<li id="src-{source}">' in page
    assert '（见 <a class="proposal-ref" href="comprehensive-reform.html">comprehensive-reform</a>）' in rationale
    en = _page(built, f"en/{PROPOSAL}")
    assert ('<div class="rationale-text" lang="en"><p>Creating an offence of illegally using personal information is '
            "the paper's proposal, made in §4.3") in en


def test_every_proposal_page_and_list_says_whose_proposal_it_is(built) -> None:
    # the paper's proposal: its section, linked to the bibliography; the editors' own: said so in both languages
    rename = _page(built, "proposals/rename-personal-information.html")
    assert ('<div class="wide-meta"><dt>提出者</dt><dd><a class="origin origin-work" href="#src-li2025">'
            "Li Guanzheng（2025），§4.1</a></dd></div>") in rename
    biometric = _text(_page(built, "en/proposals/biometric-aggravation.html"))
    assert "Proposed by lawdiff&#39;s editors (their own proposal, not made in the works cited)" in biometric
    # a proposal that combines both says so for each item; the commencement item has no attribution and no reasons
    combined = _page(built, "proposals/comprehensive-reform.html")
    origins = re.findall(r'<p class="item-origin">(.*?)</p>', combined)
    assert [_text(o) for o in origins] == [
        "提出者： Li Guanzheng（2025），§4.1 ； lawdiff 编者（编者自己的提案，所引文献并未提出） ",
        "提出者： Li Guanzheng（2025），§4.3 ； lawdiff 编者（编者自己的提案，所引文献并未提出） "]
    commencement = combined[combined.index('id="item_3"'):combined.index('<section class="proposal-section"')]
    assert "三、本修正案自公布之日起施行。" in commencement and "rationale" not in commencement
    # the list of proposals (its own page and the home page) names the proposer of each
    for page, prefix in (("proposals/index.html", ""), ("index.html", "proposals/")):
        listed = _page(built, page)
        assert (f'<a class="origin origin-work" href="{prefix}illegal-use-offence.html#src-li2025">'
                "Li Guanzheng（2025），§4.3</a>") in listed
        assert listed.count('<span class="origin origin-editors">') == 3  # biometric, comprehensive, public


def test_proposal_page_metadata_base_and_downloads(built) -> None:
    text = _text(_page(built, PROPOSAL))
    assert "作者 lawdiff editors 日期 2026年11月23日 状态 已发布" in text
    assert "起草依据 中华人民共和国刑法 2024年3月1日 施行的文本（经 刑法修正案（十二） 修改）" in text
    page = _page(built, PROPOSAL)
    assert '<a class="button secondary" href="downloads/illegal-use-offence-comparison-table.docx" download>DOCX</a>' in page
    assert 'href="../../proposals/downloads/illegal-use-offence-comparison-table.md"' in _page(built, f"en/{PROPOSAL}")


def test_proposal_page_has_the_comparison_table_and_downloads_that_open(built) -> None:
    from docx import Document

    page = _page(built, PROPOSAL)
    table = page[page.index('<table class="comparison-table">'):]
    assert "<td><p>（无）</p></td>" in table and "理由见本页第一项" in table
    out = built[0] / "proposals/downloads"
    document = Document(str(out / "illegal-use-offence-comparison-table.docx"))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert cells[:3] == ["原条文", "修改后条文", "说明"]
    assert cells[3] == "（无）" and cells[4].startswith("第二百五十三条之二 违反国家有关规定，使用合法取得或者非法获取的个人信息")
    assert cells[5].startswith("增设非法使用个人信息罪是论文在§4.3提出的建议")  # 说明: the rationale itself
    markdown = (out / "illegal-use-offence-comparison-table.md").read_text(encoding="utf-8")
    assert markdown.startswith("# 增设非法使用个人信息罪（刑法第二百五十三条之二） 修改前后对照表\n")
    assert "| （无） | **<u>第二百五十三条之二 违反国家有关规定" in markdown


def test_proposal_page_shows_how_it_combines_with_the_others(built) -> None:
    page = _page(built, PROPOSAL)
    conflicts = page[page.index('<table class="conflicts">'):page.index("</table>", page.index('<table class="conflicts">'))]
    rows = re.findall(r'<tr class="conflict-(\w+)">\s*<th scope="row"><a href="([\w-]+)\.html">', conflicts)
    assert rows == [("clean", "biometric-aggravation"), ("fail", "comprehensive-reform"),
                    ("clean", "public-legal-interest"), ("clean", "rename-personal-information")]
    assert "第二百五十三条之二 already exists" in conflicts
    differ = _page(built, "proposals/public-legal-interest.html")
    assert '<tr class="conflict-differ">' in differ and "两种顺序得到不同文本的条文" in differ


def test_term_replacement_lists_the_other_occurrences(built) -> None:
    page = _page(built, "proposals/rename-personal-information.html")
    impact = page[page.index('<div class="term-impact">'):page.index("</section>", page.index('<div class="term-impact">'))]
    assert "用语替换：“<span lang=\"zh-Hans\">公民个人信息</span>”改为“<span lang=\"zh-Hans\">个人信息</span>”" in impact
    assert ('<a href="../laws/spc-spp-interpretation-2017/zho@2017-05-08/art_1.html#art_1__para_1" lang="zh-Hans">'
            "第一条第一款</a>") in impact
    assert "<mark>公民个人信息</mark>" in impact
    assert "art_253-1.html#art_253-1__para" not in impact  # the article the replacement is made in is left out


def test_proposals_citing_the_pipl_link_its_definitions(built) -> None:
    page = _page(built, PROPOSAL)
    definitions = page[page.index('<dl class="definitions">'):page.index("</dl>", page.index('<dl class="definitions">'))]
    pipl = "../laws/personal-information-protection-law/zho@2021-08-20"
    assert f'个人信息 · <a href="{pipl}/art_4.html">' in definitions
    assert f'敏感个人信息（包括生物识别信息） · <a href="{pipl}/art_28.html">' in definitions
    assert "包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹等信息" in definitions
    bibliography = page[page.index('<li id="src-pipl2021">'):]
    assert f'<a href="{pipl}/art_71.html"><span lang="zh-Hans">第七十一条</span></a>' in bibliography


def test_proposal_index_and_home_page_list_the_proposals(built) -> None:
    index = _page(built, "proposals/index.html")
    assert index.count('<li>\n    <a href="') == len(PROPOSALS)
    home = _page(built, "index.html")
    story = _text(home[home.index('<section class="story"'):home.index("</section>")])
    assert "改革提案：5 项提案将进一步修改本条或在其后增设新罪：" in story
    assert '<a href="proposals/illegal-use-offence.html">增设非法使用个人信息罪（刑法第二百五十三条之二）</a>' in home
    assert '<a href="proposals/index.html">改革提案</a>' in home  # in the navigation


def test_proposal_that_misdirects_a_reference_is_warned_about(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    for p in (project / "proposals").glob("*.md"):
        p.unlink()
    (project / "proposals" / "insert-paragraph.md").write_text(
        (REPO / "tests/data/proposals/insert-paragraph.md").read_text(encoding="utf-8"), encoding="utf-8")
    build(project, project / "_site", search=False)
    page = (project / "_site/proposals/insert-paragraph.html").read_text(encoding="utf-8")
    warnings = page[page.index('<ul class="warnings">'):page.index("</ul>", page.index('<ul class="warnings">'))]
    assert '<a href="../laws/criminal-law/zho@2023-12-29/art_253-1.html">查看现行条文</a>' in warnings
    words = re.sub(r"<[^>]+>", "", html.unescape(warnings))  # the warning worded in Chinese on the Chinese page
    assert "第二百五十三条之一第三款中的“前款”现在指第二百五十三条之一第二款，而不是原来所指的第二百五十三条之一第一款。" in words
    assert " now refers to " not in words
    assert '<tr class="row-inserted">' in page  # the new second paragraph
    assert "没有依据同一文本起草的其他提案" in page


def test_rationale_markdown_is_rendered_sanitised_and_cited() -> None:
    sources = (Source("li2025", "Li Guanzheng", "Research", 2025), Source("pipl2021", "NPCSC", "PIPL", 2021))
    out = rationale_html("**Use** is harm [@li2025, §4.3; @pipl2021].\n\n<script>alert(1)</script> "
                              "[x](javascript:alert(1)) [@nobody]", sources)
    assert out.startswith("<p><strong>Use</strong> is harm [<a class=\"cite\" href=\"#src-li2025\" "
                          "title=\"Li Guanzheng, Research (2025)\">1</a>, §4.3; <a class=\"cite\" href=\"#src-pipl2021\"")
    assert "<script" not in str(out) and "&lt;script&gt;" in out and 'href="javascript' not in str(out)
    assert "[@nobody]" in out  # not a source: left as written
    linked = rationale_html("See comprehensive-reform, not comprehensive-reforms.", sources, {"comprehensive-reform"})
    assert linked == ('<p>See <a class="proposal-ref" href="comprehensive-reform.html">comprehensive-reform</a>, '
                      "not comprehensive-reforms.</p>\n")


# --- comparisons ------------------------------------------------------------------------------


def _t(key: str, **fields: object) -> Markup:
    """The interface strings of the Chinese pages, as the renderer gives them to the comparisons."""
    return Markup.escape(str(load_messages(SITE_DIR / "i18n")["zh"][key]))


def test_compare_rows_align_paragraphs_as_lawdiff_diff_does_and_mark_words(built) -> None:
    laws = gather(Library(built[0].parent))
    article = laws[0].by_key["253-1"]
    vii, ix = article.in_force_versions
    rows = compare_rows(vii.article, ix.article, _t)
    # Amendment IX widened paragraph 1 to anyone (违反国家有关规定，向他人出售或者提供) and added the insiders'
    # aggravation as a new paragraph 2 (依照前款的规定从重处罚): the rule of `lawdiff diff` (diffing.align)
    assert [(r.status, r.old and r.old.eid, r.new and r.new.eid) for r in rows] == [
        ("changed", "art_253-1__para_1", "art_253-1__para_1"),
        ("inserted", None, "art_253-1__para_2"),
        ("changed", "art_253-1__para_2", "art_253-1__para_3"),
        ("changed", "art_253-1__para_3", "art_253-1__para_4")]
    changes = diff_statutes(Library(built[0].parent).resolve("criminal-law@2009-02-28"),
                            Library(built[0].parent).resolve("criminal-law@2016-01-01"), ["253-1"])
    assert [(c.kind, c.old_eid, c.new_eid) for c in changes.articles[0].children] == [
        (r.status.replace("changed", "replaced"), r.old and r.old.eid, r.new and r.new.eid) for r in rows]
    # a whole new paragraph is one insertion, marked with text for screen readers
    assert rows[1].new_html.startswith('<ins><span class="visually-hidden">增加：</span>违反国家有关规定，将在履行职责')
    assert rows[1].inline_html == rows[1].new_html and rows[1].old_html == ""
    # a changed paragraph is compared word by word: each side keeps only its own marks, inline shows both
    unit = rows[3]  # 单位犯前两款罪的 → 单位犯前三款罪的
    assert '<del><span class="visually-hidden">删除：</span>前两款</del>' in unit.old_html and "<ins>" not in unit.old_html
    assert '<ins><span class="visually-hidden">增加：</span>前三款</ins>' in unit.new_html and "<del>" not in unit.new_html
    assert "<del>" in unit.inline_html and "<ins>" in unit.inline_html
    said = r'<span class="visually-hidden">.*?</span>'
    assert re.sub(rf"{said}|<[^>]+>", "", unit.new_html) == ix.article.paragraphs()[3].own_text  # no word lost
    assert re.sub(rf"{said}|<[^>]+>", "", unit.old_html) == vii.article.paragraphs()[2].own_text
    assert [r.status for r in compare_rows(None, ix.article, _t)] == ["inserted"] * 4


def test_compare_rows_never_compare_a_text_not_in_the_corpus(built) -> None:
    laws = gather(Library(built[0].parent))
    v1997, v1999 = laws[0].by_key["182"].in_force_versions[:2]
    rows = compare_rows(v1997.article, v1999.article, _t)
    assert rows and all("<del>" not in r.old_html for r in rows)
    assert any(f'<span class="unknown">{_t("not_in_corpus")}</span>' in r.old_html for r in rows)


def test_compare_rows_of_equal_texts_are_all_same(built) -> None:
    laws = gather(Library(built[0].parent))
    art = laws[0].by_key["1"].provision
    assert {r.status for r in compare_rows(art, art, _t)} == {"same"}


# --- the build ----------------------------------------------------------------------------------


def test_two_builds_are_byte_identical_search_index_included(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    build(project, project / "a")
    build(project, project / "b")
    a, b = _digest(project / "a"), _digest(project / "b")
    assert a == b
    assert "pagefind/criminal-law/pagefind.js" in a
    assert not [p for p in a if "pagefind-ui" in p]  # Pagefind's own interfaces are not shipped


def test_broken_link_fails_the_build_and_keeps_the_previous_site(tmp_path: Path, monkeypatch) -> None:
    project = copy_project(tmp_path)
    out = project / "_site"
    build(project, out, search=False)
    before = _digest(out)
    real = Renderer.render

    def with_broken_link(self, template, path, **context):
        page = real(self, template, path, **context)
        if page.path == "index.html":
            page.html += '<a href="laws/nowhere.html">x</a>'
        return page

    monkeypatch.setattr(Renderer, "render", with_broken_link)
    with pytest.raises(LawdiffError, match=r"1 broken internal link\(s\), first: index.html: laws/nowhere.html"):
        build(project, out, incremental=False)  # the inputs have not changed: only a full build renders
    assert _digest(out) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_missing_anchor_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<p id="x"></p><a href="a.html#x">ok</a><a href="#y">bad</a>')
    assert check_links(tmp_path) == ["a.html: #y (no anchor #y)"]


def test_missing_pagefind_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)  # import fails
    with pytest.raises(LawdiffError, match=r"the search index needs Pagefind's extended build, which segments "
                                           r"Chinese: pip install 'pagefind\[extended\]'"):
        build(copy_project(tmp_path), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_progress_is_reported_phase_by_phase_with_known_totals(tmp_path: Path) -> None:
    events: list[tuple[str, int]] = []

    class Recorder:
        def phase(self, name: str, total: int) -> None:
            events.append((name, total))

        def advance(self, amount: int = 1) -> None:
            events.append(("+", amount))

    project = copy_project(tmp_path / "project")
    build(project, tmp_path / "out", Recorder(), search=False)
    phases = [(i, name, total) for i, (name, total) in enumerate(events) if name != "+"]
    assert [name for _, name, _ in phases] == ["laws", "link check"]  # the site pages are built with the story's law
    assert phases[0][2] == len({p.parent for p in (project / "statutes").glob("*/zho@*.xml")})
    # every phase is advanced exactly to the total it announced before it began
    ends = [i for i, _, _ in phases[1:]] + [len(events)]
    for (start, name, total), end in zip(phases, ends, strict=True):
        assert sum(amount for _, amount in events[start + 1:end]) == total, name


def test_autoescape_is_on() -> None:
    env = environment(SITE_DIR / "templates")
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"


def test_build_command(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = CliRunner().invoke(app, ["build", "--root", str(project), "--out", str(project / "out")])
    assert result.exit_code == 0, result.output
    written = [*(project / "out").rglob("*.html"), *(project / "out").rglob("directory.js")]
    assert result.stdout == f"built {len(written)} pages into {project / 'out'}\n"


def test_build_without_statutes_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--root", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path}: no statutes/ folder in {tmp_path}: run lawdiff in a project folder, "
                             "pass --root, or start a project with `lawdiff init DIR`\n")
    assert not (tmp_path / "out").exists()


def test_term_impact_lists_at_most_fifty_places_a_law(tmp_path: Path, monkeypatch) -> None:
    """A term of art occurs all over a large library: a proposal page lists 50 places a law and counts the rest."""
    from lawdiff.analysis.terms import Occurrence

    def everywhere(term, texts, exclude=(), context=12):
        return [Occurrence("criminal-law", "中华人民共和国刑法", f"art_{k}__para_1", f"第{k}条第一款", f"…{term}…")
                for k in range(1, 61)]

    monkeypatch.setattr("lawdiff.site.gather.term_impact", everywhere)
    project = copy_project(tmp_path)
    build(project, project / "_site", search=False, jobs=1)
    page = (project / "_site" / "proposals" / "rename-personal-information.html").read_text(encoding="utf-8")
    listed = re.search(r'<ul class="occurrences">(.*?)</ul>', page, re.S)
    assert listed is not None and listed.group(1).count('<li><a href="') == 50
    assert '<li class="more">另有 10 处，此处从略。</li>' in listed.group(1)
    assert "出现 60 次" in page  # the count says how many there are in all
