"""The built site in a real browser (Chromium via Playwright): content, language switch, search, small screens,
accessibility (axe-core), reading without JavaScript, print, and no request leaving the site."""

from __future__ import annotations

import json

import pytest
from browser.site_project import ARTICLE, AXE, screenshot

LAW = "laws/criminal-law/zho@2023-12-29"
PROPOSAL = "proposals/illegal-use-offence.html"
KEY_PAGES = {
    "home": "index.html",
    "article-253-1": ARTICLE,
    "statute": f"{LAW}/index.html",
    "amendment-09": "laws/criminal-law/amendments/amendment-09.html",
    "compare-253-1": f"{LAW}/compare/art_253-1/2009-02-28_2015-11-01.html",
    "compare-index-182": f"{LAW}/compare/art_182.html",
    "amendments": "laws/criminal-law/amendments/index.html",
    "search": "search.html?q=个人信息",
    "en-article-253-1": f"en/{ARTICLE}",
    "en-amendment-07": "en/laws/criminal-law/amendments/amendment-07.html",
    "en-home": "en/index.html",
    "en-statute-pipl": "en/laws/personal-information-protection-law/zho@2021-08-20/index.html",
    "proposal-illegal-use": PROPOSAL,
    "proposal-rename": "proposals/rename-personal-information.html",
    "proposals": "proposals/index.html",
    "en-proposal-illegal-use": f"en/{PROPOSAL}",
    "article-381": f"{LAW}/art_381.html",  # versions made by an instrument not in the corpus
    "article-383": f"{LAW}/art_383.html",  # Art. 12 with the SPC's interpretation
    "en-article-120": f"en/{LAW}/art_120.html",  # a partial version
}


def test_article_253_1_shows_the_ix_text_and_a_timeline_with_vii_and_ix(page) -> None:
    page.goto(ARTICLE)
    assert page.locator("h1").inner_text() == "第二百五十三条之一"
    now = page.locator("#art_253-1__para_1")
    assert now.inner_text().startswith("违反国家有关规定，向他人出售或者提供公民个人信息")  # Amendment IX's text
    versions = page.locator("ol.versions > li.version:not(.pending)")
    assert versions.count() == 3  # not in the law · VII · IX
    vii, ix = page.locator("#v2009-02-28"), page.locator("#v2015-11-01")
    assert "刑法修正案（七）" in vii.inner_text() and "第七条" in vii.inner_text()
    assert "国家机关或者金融、电信、交通、教育、医疗等单位的工作人员" in vii.inner_text()
    assert "刑法修正案（九）" in ix.inner_text() and "第十七条" in ix.inner_text()
    assert "现行" in ix.inner_text()
    assert "已通过、尚未施行" in page.locator("li.pending").inner_text()  # 2015-08-29 … 2015-10-31
    # each version is reachable by its anchor, and the instrument link leads to the item
    page.goto(f"{ARTICLE}#v2009-02-28")
    assert page.evaluate("document.querySelector(':target').id") == "v2009-02-28"
    page.locator("#v2009-02-28 a", has_text="第七条").click()
    assert page.url.endswith("amendments/amendment-07.html#item_7")
    assert "在刑法第二百五十三条后增加一条" in page.locator("#item_7").inner_text()
    screenshot(page, "amendment-07-item-7")


def test_amendment_page_shows_items_verbatim_with_before_and_after(page) -> None:
    page.goto(KEY_PAGES["amendment-09"])
    item = page.locator("#item_17")
    assert "将刑法第二百五十三条之一修改为" in item.locator(".item-text").inner_text()
    rows = item.locator("table.diff tbody tr")
    assert rows.count() == 4
    # paragraph 1 widened from insiders to anyone (changed, word by word), the insiders' aggravation a new
    # paragraph 2: the alignment `lawdiff diff` uses too
    changed = rows.nth(0)
    assert changed.get_attribute("class") == "row-changed" and "修改" in changed.locator(".status").inner_text()
    assert "国家机关或者金融、电信、交通、教育、医疗等单位的工作人员" in changed.locator("td.old").inner_text()
    new_words = changed.locator("td.new").inner_text().replace("增加：", "").replace("\n", "")
    assert "违反国家有关规定，向他人出售或者提供公民个人信息" in new_words
    inserted = rows.nth(1)
    assert inserted.get_attribute("class") == "row-inserted"
    assert inserted.locator("td.new ins").count() == 1  # underlined, with text for screen readers
    assert inserted.locator("td.new ins").evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert inserted.locator("td.new .visually-hidden").first.text_content() == "增加："
    assert "依照前款的规定从重处罚。" in inserted.locator("td.new ins").inner_text()
    # word by word: the last paragraph's 前两款 struck through, 前三款 underlined
    unit = rows.nth(3)
    assert unit.locator("td.old del").text_content() == "删除：前两款"
    assert unit.locator("td.old del").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert unit.locator("td.new ins").text_content() == "增加：前三款"
    assert "2015年11月1日" in page.locator(".instrument-meta").inner_text()
    screenshot(page, "amendment-09")


def test_compare_pages_link_every_pair_and_work_from_files(page, built_site) -> None:
    page.goto(f"{LAW}/compare/art_182.html")
    pairs = page.locator("ul.pairs a")
    assert pairs.count() == 6  # four versions: every pair
    # static pages: the comparison opens straight from the file system, no server needed
    page.goto((built_site / LAW / "compare/art_253-1/2009-02-28_2015-11-01.html").as_uri())
    assert page.locator("table.diff tbody tr").count() == 4
    assert page.locator("link[rel=stylesheet]").evaluate("l => l.sheet !== null")


def test_language_switch_goes_to_the_same_page_in_the_other_language(page) -> None:
    page.goto(ARTICLE)
    page.locator("a.lang-switch").click()
    assert page.url.endswith(f"en/{ARTICLE}")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h2#now").inner_text().startswith("Text in force")
    english = page.locator("#art_253-1__para_1 .en")
    assert english.inner_text().endswith("Whoever, in violation of the relevant provisions of the State, sells or provides "
                                         "citizens' personal information to another person shall, where the circumstances are "
                                         "serious, be sentenced to fixed-term imprisonment of not more than three years or "
                                         "criminal detention and/or a fine; where the circumstances are especially serious, he "
                                         "or she shall be sentenced to fixed-term imprisonment of not less than three years but "
                                         "not more than seven years and a fine.")
    assert "Unofficial translation" in page.locator(".provision").first.inner_text()
    assert page.locator("#art_253-1__para_1 .zh").get_attribute("lang") == "zh-Hans"  # Chinese stays, authoritative
    assert "Whoever steals or otherwise unlawfully obtains such information" in page.locator("#v2009-02-28").inner_text()
    page.locator("a.lang-switch").click()
    assert page.url.endswith(ARTICLE) and "/en/" not in page.url
    assert page.locator("h2#now").inner_text().startswith("现行文本")


def test_proposal_page_shows_the_inserted_article_253_2_with_its_rationale_beside_it(page) -> None:
    page.goto(PROPOSAL)
    assert page.locator("h1").inner_text().startswith("增设非法使用个人信息罪")
    change = page.locator("#item_1-art_253-2")
    assert "第二百五十三条之二" in change.locator("h3").inner_text() and "新增条文" in change.locator("h3").inner_text()
    rows = change.locator("table.diff tbody tr")
    assert rows.count() == 3
    for k in range(3):
        assert rows.nth(k).get_attribute("class") == "row-inserted"
        assert rows.nth(k).locator("td.new ins").count() == 1 and rows.nth(k).locator("td.old").inner_text().endswith("—")
    assert rows.nth(0).locator("td.new ins").text_content().startswith("增加：违反国家有关规定，使用合法取得或者非法获取的个人信息")
    rationale = page.locator("#item_1 aside.rationale")
    assert "第二百五十三条之一只规制个人信息流转链条中的“供给”环节" in rationale.inner_text()
    diff_box, reason_box = change.locator("table.diff").bounding_box(), rationale.bounding_box()
    assert reason_box["x"] >= diff_box["x"] + diff_box["width"]  # beside it, to the right
    assert reason_box["y"] < diff_box["y"] + diff_box["height"]  # and level with it
    # a citation leads to its entry in the bibliography
    rationale.locator("a.cite", has_text="5").first.click()
    assert page.url.endswith("#src-interp2017")
    assert "Interpretation on Several Issues" in page.locator("#src-interp2017").inner_text()
    screenshot(page, "proposal-illegal-use")


def _visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_side_by_side_inline_toggle(browser, base_url: str, javascript: bool) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url,
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.goto(KEY_PAGES["amendment-09"])
    row = "#item_17 table.diff tbody tr:nth-child(4)"
    assert _visible(page, f"{row} td.old") and _visible(page, f"{row} td.new") and not _visible(page, f"{row} td.inline")
    page.locator("label[for=diff-view-inline]").click()
    assert not _visible(page, f"{row} td.old") and not _visible(page, f"{row} td.new")
    inline = page.locator(f"{row} td.inline")
    assert inline.is_visible() and inline.locator("del").text_content() == "删除：前两款"
    assert inline.locator("ins").text_content() == "增加：前三款"
    if javascript:  # the choice is remembered in this browser, for the next page
        page.goto(PROPOSAL)
        assert page.locator("#diff-view-inline").is_checked() and _visible(page, "table.diff td.inline")
        screenshot(page, "proposal-illegal-use-inline")
    page.locator("label[for=diff-view-side]").click()
    assert _visible(page, "table.diff td.new") and not _visible(page, "table.diff td.inline")
    context.close()


def test_article_12_form_answers_for_other_dates(page) -> None:
    page.goto(ARTICLE)
    example = page.locator(".worked-example")
    assert "2014年5月1日" in example.inner_text() and "需由法官判断：取决于行为所对应的量刑档次" in example.inner_text()
    assert example.locator("table.art12-tiers tbody tr").count() == 10  # tier by tier, without script too
    assert "如构成：行为时的版本（从旧）" in example.locator("table.art12-tiers tbody tr").first.inner_text()
    form = page.locator("form.art12-form")
    assert form.is_visible()  # shown once the script runs
    result = form.locator(".art12-result")
    assert result.inner_text().startswith("需由法官判断：取决于行为所对应的量刑档次")
    assert result.locator(".art12-tier-answers li").count() == 10
    tier = form.locator("select[name=tier]")
    assert tier.is_visible() and tier.locator("option").count() == 11  # every tier, then each
    tier.select_option(label="[9] 第二百五十三条之一第一款 情节严重")  # a sale by anyone: no offence under VII
    assert result.inner_text().startswith("不依本条定罪")
    assert result.locator(".art12-tier-answers li").count() == 1
    tier.select_option(index=1)  # an insider's sale: VII, if it was an offence then
    assert result.inner_text().startswith("需由法官判断行为时是否构成犯罪；如构成：行为时的版本（从旧）")
    form.locator("input[name=act]").fill("2005-06-01")  # before 253-1 existed
    assert result.inner_text().startswith("不依本条定罪") and not tier.is_visible()
    form.locator("input[name=act]").fill("2016-01-01")
    form.locator("input[name=judgment]").fill("2015-12-01")
    assert result.inner_text() == "审判日期早于行为日期。"
    form.locator("input[name=judgment]").fill("2020-12-01")  # both under Amendment IX: one version
    assert result.inner_text().startswith("行为时的版本（从旧） · 2015年11月1日起 · 刑法修正案（九）")
    result.locator("a").click()
    assert page.url.endswith("#v2015-11-01")


def test_article_12_quotes_the_interpretation_and_works_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(f"{LAW}/art_383.html")
    example = page.locator(".worked-example")
    assert example.locator("table.art12-tiers tbody tr").count() == 8
    citation = example.locator(".art12-citations li")
    assert "终身监禁" in citation.inner_text() and "该条区分不同情形" in citation.inner_text()
    assert page.locator("form.art12-form").is_hidden()  # the form needs script; the example is all there is
    citation.locator("a").click()
    assert page.url.endswith("laws/spc-amendment-09-temporal/zho@2015-10-29/art_8.html")
    assert "终身监禁" in page.locator("#art_8").inner_text()
    context.close()


def test_comparison_table_downloads_are_served(page, base_url: str) -> None:
    page.goto(PROPOSAL)
    for link in page.locator(".downloads a").all():
        response = page.request.get(base_url + "proposals/" + link.get_attribute("href"))
        assert response.ok and len(response.body()) > 1000
    docx = page.request.get(base_url + "proposals/downloads/illegal-use-offence-comparison-table.docx").body()
    assert docx.startswith(b"PK")  # a zip: Word's format


@pytest.mark.parametrize("name", list(KEY_PAGES))
def test_phone_width_has_no_horizontal_scroll(browser, base_url: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=base_url, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(KEY_PAGES[name])
    if name == "search":
        page.locator("#search-results a").first.wait_for(timeout=15000)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"{name}: {width[0]}px of content in a {width[1]}px viewport"
    screenshot(page, f"phone-{name}")
    context.close()


@pytest.mark.parametrize("name", list(KEY_PAGES))
def test_axe_reports_no_serious_or_critical_violations(page, name: str) -> None:
    page.goto(KEY_PAGES[name])
    if name == "search":
        page.locator("#search-results a").first.wait_for(timeout=15000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, ensure_ascii=False)
    screenshot(page, f"desktop-{name}")


def test_reading_works_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(ARTICLE)
    assert "违反国家有关规定" in page.locator("#art_253-1__para_1").inner_text()
    page.goto("search.html")
    assert page.locator("noscript").count() == 1
    page.goto(f"{LAW}/index.html")
    page.locator("a", has_text="第二百五十三条之一").first.click()
    assert page.url.endswith(ARTICLE)
    context.close()


def test_print_hides_navigation_and_keeps_both_columns(page) -> None:
    page.set_viewport_size({"width": 700, "height": 1000})  # narrow: on screen the columns would stack
    page.goto(KEY_PAGES["compare-253-1"])
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".site-footer").is_hidden()
    row = page.locator("table.diff tbody tr").first
    old, new = row.locator("td.old").bounding_box(), row.locator("td.new").bounding_box()
    assert old["x"] + old["width"] <= new["x"] and abs(old["y"] - new["y"]) < 2  # side by side
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_no_request_leaves_the_site(page) -> None:
    for path in ("index.html", ARTICLE, KEY_PAGES["amendment-09"], PROPOSAL, "search.html?q=个人信息"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert page.external_requests == []

