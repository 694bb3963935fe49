"""What the site shows of the timeline's gaps and the Art. 12 analysis: versions made by instruments the corpus does
not hold (with the line of the corpus that shows what they did), partial versions, caveats, the reasons beside a
penalty badge, Art. 12 tier by tier with the SPC's interpretations, and the day each law's text took effect (not
the date its source gives the text). The expected texts come from the library, the corpus or the statutes, never
from memory."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from browser.site_project import copy_project
from markupsafe import Markup

from lawdiff.akn.blocks import UNKNOWN
from lawdiff.amending.sources import known_start
from lawdiff.amending.timeline import in_force_from
from lawdiff.analysis.penalties import compare
from lawdiff.library import Library
from lawdiff.site.builder import build

LAW = "laws/criminal-law/zho@2023-12-29"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DECISION_2009 = "全国人民代表大会常务委员会关于修改部分法律的决定"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Library]:
    """Build the site once (without the search index); return it and the library it was built from."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project, project / "_site", search=False)
    return project / "_site", Library(project)


def _page(site, path: str) -> str:
    return (site[0] / path).read_text(encoding="utf-8")


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", markup))


def _version(page: str, start: str) -> str:
    """Return the list item of the version of an article page that starts on a date (up to the next version)."""
    at = page.index(f'id="v{start}"')
    ends = [i for i in (page.find('<li class="version', at), page.find("</ol>", at)) if i != -1]
    return page[at:min(ends)]


def _section(page: str, cls: str) -> str:
    at = page.index(f'<section class="{cls}"')
    return page[at:page.index("</section>", at)]


# --- instruments not in the corpus ----------------------------------------------------------------


@pytest.mark.parametrize(("key", "start"), [("190", "1998-12-29"), ("381", "2009-08-27"), ("410", "2009-08-27")])
def test_text_made_by_an_instrument_not_in_the_corpus_is_the_text_then_in_force(site, key: str, start: str) -> None:
    """The version an instrument not in the corpus made is taken from the timeline on its first day, not from the
    base text: its text is the consolidated one, never "not in corpus"."""
    library = site[1]
    current = library.current("criminal-law").article(key)
    page = _page(site, f"{LAW}/art_{key}.html")
    version = _version(page, start)
    assert f'<li class="version current" id="v{start}">' in page
    assert "unknown-note" not in version and '<span class="unknown">' not in version
    made = next(v for v in library.timeline("criminal-law").versions(key) if str(v.start) == start)
    assert made.missing is not None and made.end is None
    assert f'<span class="missing-instrument"><span lang="zh-Hans">《{made.missing.title}》</span>（不在语料中）</span>' \
        in version
    # side by side with the text before it, the new column is the text in force now, paragraph by paragraph
    pair = _page(site, f"{LAW}/compare/art_{key}/1997-10-01_{start}.html")
    new_column = "".join(re.findall(r'<td class="new" lang="zh-Hans">(.*?)</td>', pair, re.S))
    for para in current.paragraphs():
        assert Markup.escape(para.own_text) in new_column
    old_column = "".join(re.findall(r'<td class="old" lang="zh-Hans">(.*?)</td>', pair, re.S))
    assert old_column.count("文本不在语料中") == len(current.paragraphs())  # the text before: not in the corpus


def test_text_before_an_instrument_not_in_the_corpus_says_what_the_corpus_shows_it_did(site) -> None:
    library = site[1]
    missing = next(m for m in library.timeline("criminal-law").missing if m.title == DECISION_2009)
    evidence = missing.about("381")
    assert evidence is not None and evidence.source.startswith("charges/")
    assert evidence.quote in (CORPUS / evidence.source.split(":")[0]).read_text(encoding="utf-8")
    before = _version(_page(site, f"{LAW}/art_381.html"), "1997-10-01")
    assert "此版本的文本不在语料中：语料没有本条在下述文件之前的文本。" in before
    assert (f'<p class="note missing-evidence" data-pagefind-ignore><span lang="zh-Hans">《{DECISION_2009}》</span>于'
            '<time datetime="2009-08-27">2009年8月27日</time>通过，其文本不在语料中；语料显示它修改了本条，依据：'
            f'<span lang="zh-Hans">{Markup.escape(evidence.quote)}</span>（<code>{evidence.source}</code>）</p>') in before
    en = _text(_version(_page(site, f"en/{LAW}/art_381.html"), "1997-10-01"))
    assert (f"《{DECISION_2009}》, adopted on 27 August 2009, is not in the corpus; the corpus shows it changed this "
            f"article, as shown by {html.escape(evidence.quote, quote=False)} ({evidence.source})") in en
    # 190: the 1998 decision only *may* have changed it (its title names the offence)
    before_190 = _text(_version(_page(site, f"{LAW}/art_190.html"), "1997-10-01"))
    assert "语料显示它可能修改了本条，依据：108．逃汇罪（第190条）" in before_190


def test_the_amendments_list_names_the_instruments_not_in_the_corpus(site) -> None:
    page = _page(site, "laws/criminal-law/amendments/index.html")
    row = page[page.index(f"<th scope=\"row\"><span lang=\"zh-Hans\">{DECISION_2009}"):]
    row = row[:row.index("</tr>")]
    assert "不在语料中" in row and '<time datetime="2009-08-27">' in row
    assert '<a href="../zho@2023-12-29/art_381.html#v2009-08-27" lang="zh-Hans">第三百八十一条</a>' in row
    assert '<a href="../zho@2023-12-29/art_410.html#v2009-08-27" lang="zh-Hans">第四百一十条</a>' in row
    rows = re.findall(r"<tr(?: class=\"missing\")?>\s*<th scope=\"row\">", page)
    assert len(rows) == 12 + 2  # Amendments I–XII and the two decisions the header lists


# --- partial versions and caveats ------------------------------------------------------------------


@pytest.mark.parametrize(("key", "start"), [("120", "2001-12-29"), ("151", "2009-02-28")])
def test_partial_version_shows_its_known_paragraph_and_says_the_rest_is_not_in_the_corpus(site, key, start) -> None:
    library = site[1]
    version = next(v for v in library.timeline("criminal-law").versions(key) if str(v.start) == start)
    assert version.tail_unknown and version.known and not version.determined
    known = [b.split(" ", 1)[-1] for b in version.blocks if UNKNOWN not in b]
    item = _version(_page(site, f"{LAW}/art_{key}.html"), start)
    for block in known:
        assert Markup.escape(block) in item
    assert '<p class="note unknown-note partial-note">此版本的文本只有一部分在语料中' in item
    assert "〔其后各款（如有）不在语料中〕" in item
    assert "〔any further paragraphs: text not in corpus〕" in _version(_page(site, f"en/{LAW}/art_{key}.html"), start)


def test_partial_version_text_is_the_instrument_s_own_words(site) -> None:
    """Art. 120 from Amendment III: its first paragraph as the amendment words it (the corpus), the rest unknown."""
    amendment = (CORPUS / "prc-criminal-law/amendments/amendment-03.md").read_text(encoding="utf-8")
    words = re.search(r"将刑法第一百二十条第一款修改为：“(.+?)”", amendment).group(1)
    item = _version(_page(site, f"{LAW}/art_120.html"), "2001-12-29")
    assert f'<p class="zh" lang="zh-Hans">{words}</p>' in item
    # compared with Amendment IX, a paragraph after the last known one is set against the unknown, not "added"
    pair = _page(site, f"{LAW}/compare/art_120/2001-12-29_2015-11-01.html")
    assert '<tr class="row-unknown">' in pair and '<tr class="row-inserted">' not in pair
    assert "修改前：〔其后各款（如有）不在语料中〕" in _text(pair)


def test_versions_say_when_an_instrument_not_in_the_corpus_may_have_changed_them(site) -> None:
    timeline = site[1].timeline("criminal-law")
    vii = _version(_page(site, f"{LAW}/art_253-1.html"), "2009-02-28")
    assert [(c.instrument.title, c.before) for c in timeline.caveats("253-1", timeline.versions("253-1")[1])] == [
        (DECISION_2009, False)]  # known from Amendment VII's own words, until the decision it may have changed
    assert ('<p class="note caveat" data-pagefind-ignore>自<time datetime="2009-08-27">2009年8月27日</time>起，本条文本可能与此不同：语料不包含'
            f'<span lang="zh-Hans">《{DECISION_2009}》</span>（<time datetime="2009-08-27">2009年8月27日</time>通过），'
            "无法说明本条是否因此被修改。</p>") in vii
    current_190 = _text(_version(_page(site, f"en/{LAW}/art_190.html"), "1998-12-29"))
    assert (f"The text may differ before 27 August 2009: the corpus does not hold 《{DECISION_2009}》 (adopted on 27 "
            "August 2009) and cannot tell whether this article was changed.") in current_190
    # the 1997 text of Art. 1, carried back across both decisions: one note, naming both
    article_1 = _text(_version(_page(site, f"{LAW}/art_1.html"), "1997-10-01"))
    assert len(timeline.caveats("1", timeline.versions("1")[0])) == 2
    assert article_1.count("本条文本可能与此不同") == 1 and "2009年8月27日以前" in article_1
    assert "（1998年12月29日通过）、" in article_1
    assert 'class="note caveat"' not in _version(_page(site, f"{LAW}/art_253-1.html"), "2015-11-01")


def test_versions_say_where_the_known_text_begins(site) -> None:
    start = known_start(site[1].current("criminal-law"))
    page = _page(site, f"{LAW}/art_381.html")
    assert ('<p class="note before-start" data-pagefind-ignore><time datetime="1997-10-01">1997年10月1日</time>以前：文本不在语料中。'
            f'语料始于1997年修订的文本，自<time datetime="1997-10-01">1997年10月1日</time>起施行（<span lang="zh-Hans">'
            f'{start.basis}</span>）；此前的法律不在语料中。</p>') in page
    assert "before-start" not in _page(site, f"{LAW}/art_253-1.html")  # it did not exist then: the list says so


# --- penalties ------------------------------------------------------------------------------------------


def test_penalty_badge_has_its_reasons_tiers_and_grounds_beside_it(site) -> None:
    timeline = site[1].timeline("criminal-law")
    for key, start, end in (("253-1", "2015-11-01", "2009-02-28"), ("390", "2024-03-01", "2015-11-01")):
        new, old = (timeline.article_at(key, dt.date.fromisoformat(d)) for d in (start, end))
        comparison = compare(old, new)
        item = _version(_page(site, f"{LAW}/art_{key}.html"), start)
        details = item[item.index('<span class="badge penalty penalty-'):]
        details = details[details.index('<details class="penalty-details" data-pagefind-ignore>'):]
        assert comparison.reasons and comparison.changes
        for reason in comparison.reasons:
            assert f"<li>{Markup.escape(reason)}</li>" in details
        assert details.count('<span class="direction">') == len(comparison.changes)
        pair = _page(site, f"{LAW}/compare/art_{key}/{end}_{start}.html")
        assert '<details class="penalty-details" data-pagefind-ignore>' in pair and Markup.escape(comparison.reasons[0]) in pair
    grounds = _text(_version(_page(site, f"{LAW}/art_390.html"), "2024-03-01"))
    assert "第三百九十条第二款：增加了应当从重处罚的情形" in grounds  # Amendment XII's grounds of 从重处罚


# --- Art. 12 ---------------------------------------------------------------------------------------------


def test_article_12_lists_the_tiers_and_the_interpretation_that_decides(site) -> None:
    page = _page(site, f"{LAW}/art_383.html")
    section = _section(page, "art12")
    interpretation = site[1].current("spc-amendment-09-temporal")
    article = interpretation.article("8")
    assert "终身监禁" in article.text
    link = f'<a href="../../spc-amendment-09-temporal/zho@{interpretation.expression_date}/art_8.html" lang="zh-Hans">'
    assert f"{link}《{interpretation.title}》第八条</a>" in section
    assert f'<q lang="zh-Hans">{Markup.escape(article.text)}</q>' in section and "该条区分不同情形" in section
    rows = re.findall(r"<tr class=\"tier-(\w+)\">", section)
    assert len(rows) == 8 and set(rows) == {"unknown"}  # the 1997 text of 383 is not in the corpus
    data = json.loads(html.unescape(re.search(r'class="art12-data">(.*?)</script>', section, re.S).group(1)))
    assert data["decisions"]["0,1"]["citations"] == [f"《{interpretation.title}》第八条 — 该条区分不同情形"]
    en = _section(_page(site, f"en/{LAW}/art_383.html"), "art12")
    assert "it distinguishes cases" in en and "The Supreme People&#39;s Court&#39;s interpretations" in en


def test_article_12_example_for_253_1_is_tier_by_tier(site) -> None:
    section = _section(_page(site, f"{LAW}/art_253-1.html"), "art12")
    table = section[section.index('<table class="art12-tiers">'):section.index("</table>")]
    cells = re.findall(r"<tr class=\"tier-(\w+)\">\s*<td>(\d+)</td>\s*<th scope=\"row\" lang=\"zh-Hans\">(.*?)</th>"
                       r"\s*<td lang=\"zh-Hans\">(.*?)</td>\s*<td>(.*?)</td>", table)
    assert [c[1] for c in cells] == [str(n) for n in range(1, 11)]
    assert cells[0][2:] == ("第二百五十三条之一第一款 → 第二款 情节严重", "单处罚金–3年有期徒刑并处罚金 → 单处罚金–3年有期徒刑并处罚金",
                            "需由法官判断行为时是否构成犯罪；如构成：行为时的版本（从旧）")
    assert cells[8][0] == "none" and cells[8][4] == "不依本条定罪：行为时本条不处罚此行为，或审判时已不处罚"
    assert '<label class="art12-tier" hidden>行为对应的档次 <select name="tier">' in section


def test_article_12_answers_quote_the_interpretation_for_a_rule_of_the_general_part(site) -> None:
    """Art. 38 (禁止令, Amendment VIII): the interpretation decides for an act before 2011-05-01 judged after."""
    section = _section(_page(site, f"{LAW}/art_38.html"), "art12")
    data = json.loads(html.unescape(re.search(r'class="art12-data">(.*?)</script>', section, re.S).group(1)))
    starts = data["starts"]
    i, j = starts.index("1997-10-01"), starts.index("2011-05-01")
    title = site[1].current("spc-amendment-08-temporal").title
    assert f"《{title}》第一条 — 就此适用审判时的法律" in data["decisions"][f"{i},{j}"]["citations"]


# --- the day each law took effect -------------------------------------------------------------------------


def test_every_law_shows_the_day_its_text_took_effect_not_the_date_of_its_source(site) -> None:
    library = site[1]
    home = _page(site, "index.html")
    for name in library.names:
        statute = library.current(name)
        since = in_force_from(statute, library.instruments(name))
        directory = f"laws/{name}/zho@{statute.expression_date}"
        shown = f'<span class="in-force">现行文本自<time datetime="{since}">'
        assert shown in _page(site, f"{directory}/index.html"), name
        assert f'<a href="{directory}/index.html">' in home and shown in home, name
        if statute.expression_date != since:  # the source's date, said to be what it is
            assert (f'<span class="expression-date">来源所标文本日期：<time datetime="{statute.expression_date}">'
                    in _page(site, f"{directory}/index.html")), name


def test_the_2017_interpretation_is_in_force_from_june_1(site) -> None:
    own = (CORPUS / "related/spc-spp-interpretation-personal-information-crimes-2017-05-08.md").read_text(
        encoding="utf-8")
    assert "本解释自2017年6月1日起施行" in own
    folder = "laws/spc-spp-interpretation-2017/zho@2017-05-08"
    article = _page(site, f"{folder}/art_1.html")
    now = article[article.index('<h2 id="now">'):article.index("</h2>", article.index('<h2 id="now">'))]
    assert '自<time datetime="2017-06-01">2017年6月1日</time>起施行' in now and "2017-05-08" not in now
    statute = _page(site, f"{folder}/index.html")
    assert '现行文本自<time datetime="2017-06-01">2017年6月1日</time>起施行' in statute
    assert '来源所标文本日期：<time datetime="2017-05-08">' in statute  # labelled as the source's date
    en = _text(_page(site, f"en/{folder}/index.html"))
    assert "Text in force from 1 June 2017 · text dated 8 May 2017 in its source" in en
    for page in (article, statute, _page(site, "index.html")):
        assert not re.search(r'(?:施行|起|consolidated)[^<]{0,6}<time datetime="2017-05-08"', page)


# --- new material ---------------------------------------------------------------------------------------


def test_amendment_xii_has_its_page_and_is_linked(site) -> None:
    library = site[1]
    xii = library.instruments("criminal-law")[-1]
    assert xii.title == "中华人民共和国刑法修正案（十二）"
    page = _page(site, "laws/criminal-law/amendments/amendment-12.html")
    assert f'<h1><span lang="zh-Hans">{xii.title}</span>' in page
    assert '<time datetime="2024-03-01">2024年3月1日</time>' in page
    assert '<a href="amendment-12.html">刑法修正案（十二）</a>' in _page(site, "laws/criminal-law/amendments/index.html")
    assert '<a href="laws/criminal-law/amendments/amendment-12.html">刑法修正案（十二）</a>' in _page(site, "index.html")
    assert '<a href="amendment-12.html">Amendment XII</a>' in _page(site, "en/laws/criminal-law/amendments/index.html")
    # an article it changed lists the version it made, in force now
    item = _version(_page(site, f"{LAW}/art_390.html"), "2024-03-01")
    assert '<a href="../amendments/amendment-12.html">刑法修正案（十二）</a>' in item


@pytest.mark.parametrize(("name", "english", "articles"), [
    ("spc-amendment-08-temporal", "SPC Interpretation on the Temporal Effect of Criminal Law Amendment VIII (2011)", 8),
    ("spc-amendment-09-temporal", "SPC Interpretation on the Temporal Effect of Criminal Law Amendment IX (2015)", 9),
    ("spc-art12-interpretation-1997",
     "SPC Interpretation of Several Questions on Applying Article 12 of the Criminal Law (1997)", 3),
    ("spc-temporal-effect-1997",
     "SPC Interpretation of Several Questions on Applying the Criminal Law's Provisions on Temporal Effect (1997)", 10),
])
def test_temporal_interpretations_have_their_pages(site, name: str, english: str, articles: int) -> None:
    statute = site[1].current(name)
    folder = f"laws/{name}/zho@{statute.expression_date}"
    toc = _page(site, f"{folder}/index.html")
    assert f"<h1><span>{statute.title}</span></h1>" in toc
    assert len(re.findall(r'<li class="toc-article">', toc)) == len(list(statute.articles())) == articles
    since = in_force_from(statute, [])
    assert f'现行文本自<time datetime="{since}">' in toc
    en = _page(site, f"en/{folder}/index.html")
    assert f"<h1><span>{Markup.escape(english)}</span></h1>" in en
    assert f'<p class="zh-title" lang="zh-Hans">{statute.title}' in en and f"<title>{Markup.escape(english)}" in en
    home = _page(site, "index.html")
    assert f'<a href="{folder}/index.html"><span>{statute.title}</span></a>' in home
    for n in (1, articles):
        assert (site[0] / folder / f"art_{n}.html").exists()
