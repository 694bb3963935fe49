"""The static site build: pages and their URLs, versions and instruments, both languages, determinism, link
checking, atomic replacement, the search index. (The browser tests are in tests/browser/.)"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import jinja2
import pytest
import yaml
from browser.site_project import copy_project
from typer.testing import CliRunner

from lawdiff import site
from lawdiff.cli import app
from lawdiff.errors import LawdiffError
from lawdiff.library import Library

LAW = "laws/criminal-law/zho@2020-12-26"
ARTICLE = f"{LAW}/art_253-1.html"


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
        count = site.build(project, project / "_site", search=False)
    return project / "_site", count, used


def _page(built, path: str) -> str:
    return (built[0] / path).read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- pages and URLs ---------------------------------------------------------------------------


def test_every_page_is_written_in_both_languages(built) -> None:
    out, count, _ = built
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert count == len(pages)
    zh = [p for p in pages if not p.startswith("en/")]
    assert [p for p in pages if p.startswith("en/")] == [f"en/{p}" for p in zh]  # the English tree mirrors
    for path in ("index.html", "search.html", f"{LAW}/index.html", ARTICLE, f"{LAW}/compare/art_253-1.html",
                 f"{LAW}/compare/art_253-1/2009-02-28_2015-11-01.html", "laws/criminal-law/amendments/index.html",
                 "laws/criminal-law/amendments/amendment-07.html",
                 "laws/personal-information-protection-law/zho@2021-08-20/art_10.html",
                 "laws/spc-spp-interpretation-2017/zho@2017-05-08/index.html"):
        assert path in zh, path
    assert len([p for p in zh if re.fullmatch(r"laws/criminal-law/amendments/amendment-\d\d\.html", p)]) == 11


def test_every_template_is_used(built) -> None:
    templates = sorted(p.relative_to(site.SITE_DIR / "templates").as_posix()
                       for p in (site.SITE_DIR / "templates").rglob("*.html"))
    assert sorted(set(built[2])) == templates


def test_templates_and_sources_never_reach_the_output(built) -> None:
    out = built[0]
    assert not [p for p in out.rglob("*") if p.suffix in (".j2", ".yaml", ".xml", ".md", ".py")]
    for path in ("index.html", ARTICLE, "laws/criminal-law/amendments/amendment-09.html"):
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
    assert "单位犯前三款罪的" in page
    assert '<a href="index.html#book_2__chp_4" lang="zh-Hans">第四章 侵犯公民人身权利、民主权利罪</a>' in page
    assert '<a rel="prev" href="art_253.html">' in page and '<a rel="next" href="art_254.html">' in page


def test_article_timeline_lists_every_version_with_instrument_and_item(built) -> None:
    text = _text(_page(built, ARTICLE))
    assert "1997年10月1日 至 2009年2月27日 本条当时尚不存在" in text
    assert "2009年2月28日 至 2015年10月31日 刑法修正案（七） 第七条" in text
    assert "2015年8月29日 至 2015年10月31日 已通过、尚未施行" in text  # Amendment IX adopted, not yet in force
    assert "2015年11月1日 起 现行 刑法修正案（九） 第十七条" in text
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
                assert site.Markup("<p>{}{}</p>").format(item.prefix if i == 0 else "", block) in text
    page = _page(built, "laws/criminal-law/amendments/amendment-09.html")
    item = page[page.index('id="item_17"'):page.index('id="item_18"')]
    assert item.count('<tr class="row-') == 4
    assert '<a href="../zho@2020-12-26/art_253-1.html#v2015-11-01">查看本条及其历次版本</a>' in item
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
    assert '<a class="lang-switch" href="../../../en/laws/criminal-law/zho@2020-12-26/art_253-1.html"' in zh
    assert '<a class="lang-switch" href="../../../../laws/criminal-law/zho@2020-12-26/art_253-1.html"' in en


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
    messages = {lang: yaml.safe_load((site.SITE_DIR / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
                for lang in site.LANGS}
    assert set(messages["zh"]) == set(messages["en"])
    templates = "".join(p.read_text(encoding="utf-8") for p in (site.SITE_DIR / "templates").rglob("*.html"))
    used = set(re.findall(r"\bt\('(\w+)'", templates)) - {"row_"}
    used |= {f"row_{s}" for s in ("same", "changed", "inserted", "deleted")} | {"sr_inserted", "sr_deleted", "sr_end"}
    assert used - set(messages["zh"]) == set()


# --- comparisons ------------------------------------------------------------------------------


def _t(key: str, **fields: object) -> site.Markup:
    return site.Markup(key)


def test_compare_rows_align_paragraphs_by_likeness(built) -> None:
    laws = site.gather(Library(built[0].parent))
    article = laws[0].by_key["253-1"]
    vii, ix = article.in_force_versions
    rows = site.compare_rows(vii.article, ix.article, _t)
    assert [(r.status, r.old and r.old.eid, r.new and r.new.eid) for r in rows] == [
        ("inserted", None, "art_253-1__para_1"),
        ("changed", "art_253-1__para_1", "art_253-1__para_2"),
        ("changed", "art_253-1__para_2", "art_253-1__para_3"),
        ("changed", "art_253-1__para_3", "art_253-1__para_4")]
    assert rows[0].new_html.startswith("<ins><span class=\"sr-only\">[sr_inserted] </span>违反国家有关规定")
    assert [r.status for r in site.compare_rows(None, ix.article, _t)] == ["inserted"] * 4


def test_compare_rows_of_equal_texts_are_all_same(built) -> None:
    laws = site.gather(Library(built[0].parent))
    art = laws[0].by_key["1"].provision
    assert {r.status for r in site.compare_rows(art, art, _t)} == {"same"}


# --- the build ----------------------------------------------------------------------------------


def test_two_builds_are_byte_identical_search_index_included(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    site.build(project, project / "a")
    site.build(project, project / "b")
    a, b = _digest(project / "a"), _digest(project / "b")
    assert a == b
    assert "pagefind/criminal-law/pagefind.js" in a
    assert not [p for p in a if "pagefind-ui" in p]  # Pagefind's own interfaces are not shipped


def test_broken_link_fails_the_build_and_keeps_the_previous_site(tmp_path: Path, monkeypatch) -> None:
    project = copy_project(tmp_path)
    out = project / "_site"
    site.build(project, out, search=False)
    before = _digest(out)
    real = site.render_pages

    def with_broken_link(*args, **kwargs):
        pages = real(*args, **kwargs)
        pages[0].html += '<a href="laws/nowhere.html">x</a>'
        return pages

    monkeypatch.setattr(site, "render_pages", with_broken_link)
    with pytest.raises(LawdiffError, match=r"1 broken internal link\(s\), first: index.html: laws/nowhere.html"):
        site.build(project, out)
    assert _digest(out) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_missing_anchor_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<p id="x"></p><a href="a.html#x">ok</a><a href="#y">bad</a>')
    assert site.check_links(tmp_path) == ["a.html: #y (no anchor #y)"]


def test_missing_pagefind_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)  # import fails
    with pytest.raises(LawdiffError, match=r"the search index needs Pagefind's extended build, which segments "
                                           r"Chinese: pip install 'pagefind\[extended\]'"):
        site.build(copy_project(tmp_path), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_progress_is_reported_page_by_page(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    count = site.build(copy_project(tmp_path), tmp_path / "out", lambda done, total: calls.append((done, total)),
                       search=False)
    assert calls[0] == (1, count) and calls[-1] == (count, count) and len(calls) == count


def test_autoescape_is_on() -> None:
    env = site._environment(site.SITE_DIR / "templates")
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"


def test_build_command(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = CliRunner().invoke(app, ["build", "--root", str(project), "--out", str(project / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"built {len(list((project / 'out').rglob('*.html')))} pages into {project / 'out'}\n"


def test_build_without_statutes_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--root", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}: no statutes/ folder in {tmp_path} (run lawdiff from a project folder " \
                            "or pass --root)\n"
    assert not (tmp_path / "out").exists()
