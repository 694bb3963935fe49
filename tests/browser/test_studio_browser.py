"""The drafting workbench in a real browser (Chromium via Playwright), served as `lawdiff serve` serves it — the
site built from a copy of the project, the workbench at /studio/, the site rebuilt when a proposal is saved: drafting
Art. 253-1 anew, saving, reading the built proposal page, opening the proposal again and changing it; the same with
the keyboard alone; axe-core; no request leaving the server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.site_project import AXE, copy_project, screenshot

#: How long a save may take to show its page: the watcher notices the file, the site is rebuilt (incrementally).
REBUILD_MS = 240_000
INSTRUCTION = "一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。"


@pytest.fixture(scope="module")
def studio_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a copy of the project as `lawdiff serve` does (build, workbench, watcher); return its root URL."""
    from lawdiff.site.builder import build
    from lawdiff.site.serve import Studio, make_server, watch

    project = copy_project(tmp_path_factory.mktemp("studio-browser"))
    out = project / "_site"
    build(project, out, search=False)
    studio = Studio(project, out)
    studio.workbench.warm()
    server = make_server(out, 0, studio=studio)
    stop = threading.Event()
    reports: list[str] = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watch, args=(project, out, stop, reports.append),
                     kwargs={"interval": 0.3, "search": False, "rebuilt": studio.workbench.rebuilt},
                     daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def studio(browser, studio_url: str) -> Iterator[object]:
    """A desktop-sized page on the workbench's server that records every request leaving it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=studio_url,
                                  accept_downloads=True)
    page = context.new_page()
    page.external_requests = []
    page.errors = []
    page.on("request", lambda r: None if r.url.startswith((studio_url, "data:", "blob:", "about:")) else
            page.external_requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _add_article(page, key: str) -> object:
    page.fill("#studio-article", key)
    page.click("#studio-add")
    editor = page.locator(f"#studio-editor-{key}-text")
    editor.wait_for()
    return editor


def _wait_for_instruction(page, words: str) -> None:
    page.wait_for_function("w => document.querySelector('#studio-instructions').textContent.includes(w)", arg=words,
                           timeout=30_000)


def test_draft_save_read_the_page_then_open_and_change_it(studio) -> None:
    page = studio
    page.goto("studio/")
    assert page.locator("h1").inner_text() == "起草工作台"
    editor = _add_article(page, "253-1")
    text = editor.input_value()
    assert text.startswith("违反国家有关规定，向他人出售或者提供公民个人信息")
    editor.fill(text.replace("公民个人信息", "个人信息"))
    _wait_for_instruction(page, INSTRUCTION)
    diff = page.locator("#studio-diff")
    assert diff.locator("del").first.inner_text().endswith("公民个人信息")
    assert diff.locator("ins").first.inner_text().endswith("个人信息")
    assert page.locator("#studio-status").inner_text() == "预览已更新：2 项修改。"
    assert "侵犯公民个人信息罪" in page.locator("#studio-report").inner_text()
    page.fill("#studio-id", "studio-browser-rename")
    page.fill("#studio-title-zh", "删去“公民”二字（工作台）")
    page.fill("#studio-title-en", "Drop “citizens'” (workbench)")
    page.fill("#studio-authors", "张三\n李四")
    page.fill("#studio-sources", "li2025 | Li Guanzheng | Research on the Protection of Personal Information | 2025 | §4.1")
    page.fill("#studio-rationale-zh", "“公民”二字使外国人的个人信息是否受保护不明 [@li2025, §4.1]。\n\n*删去*即可。")
    page.wait_for_function("document.querySelector('#studio-rationale-html em')", timeout=30_000)
    assert page.locator("#studio-rationale-html a.cite").inner_text() == "1"
    screenshot(page, "studio-drafting")
    page.click("#studio-save")
    page.wait_for_url("**/proposals/studio-browser-rename.html", timeout=REBUILD_MS)
    assert page.locator("h1").inner_text().startswith("删去“公民”二字（工作台）")
    body = page.locator("main").inner_text()
    assert INSTRUCTION.removeprefix("一、") in body and "删去即可。" in body
    assert "作者本人（张三；李四）" in body
    screenshot(page, "studio-saved-proposal-page")

    # open it again, change it, save over it
    page.goto("studio/")
    page.select_option("#studio-open", "studio-browser-rename")
    page.click("#studio-open-button")
    editor = page.locator("#studio-editor-253-1-text")
    editor.wait_for()
    assert "个人信息" in editor.input_value() and "公民个人信息" not in editor.input_value()
    assert page.locator("#studio-title-zh").input_value() == "删去“公民”二字（工作台）"
    assert page.locator("#studio-overwrite").is_checked()
    editor.fill(editor.input_value().replace("三年以上七年以下", "三年以上十年以下"))
    _wait_for_instruction(page, "十年")
    assert page.locator("#studio-report .penalty").first.inner_text().startswith("刑罚加重")
    page.click("#studio-save")
    page.wait_for_url("**/proposals/studio-browser-rename.html", timeout=REBUILD_MS)
    page.wait_for_function("document.querySelector('main').textContent.includes('十年')", timeout=REBUILD_MS)
    assert page.errors == [] and page.external_requests == []


def test_keyboard_alone(studio) -> None:
    page = studio
    page.goto("studio/")
    for _ in range(60):  # from the top of the page to the article number, with Tab only
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "studio-article":
            break
    assert page.evaluate("document.activeElement.id") == "studio-article"
    page.keyboard.type("253-1")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'studio-editor-253-1-text'", timeout=30_000)
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\n违反国家有关规定，非法使用公民个人信息，情节严重的，依照第一款的规定处罚。")
    _wait_for_instruction(page, "增加一款")
    page.keyboard.press("Tab")  # 删去此条
    assert page.evaluate("document.activeElement.textContent") == "删去此条"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    _wait_for_instruction(page, "一、删去刑法第二百五十三条之一。")
    page.keyboard.press("Space")
    _wait_for_instruction(page, "增加一款")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "studio-id":
            break
    page.keyboard.type("studio-keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type("增设非法使用一款（键盘）")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "studio-save":
            break
    assert page.evaluate("document.activeElement.id") == "studio-save"
    screenshot(page, "studio-keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/proposals/studio-keyboard.html", timeout=REBUILD_MS)
    assert "增设非法使用一款（键盘）" in page.locator("h1").inner_text()


@pytest.mark.parametrize("path", ["studio/", "en/studio/"])
def test_axe_finds_no_serious_violations_with_a_preview_shown(studio, path: str) -> None:
    page = studio
    page.goto(path)
    editor = _add_article(page, "253-1")
    editor.fill(editor.input_value().replace("七年", "十年"))
    _wait_for_instruction(page, "十年")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, ensure_ascii=False)
    assert page.locator("#studio-status").get_attribute("aria-live") == "polite"
    screenshot(page, "studio-" + path.strip("/").replace("/", "-"))


def test_downloads_work_from_the_page(studio, tmp_path: Path) -> None:
    from docx import Document

    page = studio
    page.goto("studio/")
    editor = _add_article(page, "253-1")
    editor.fill(editor.input_value().replace("公民个人信息", "个人信息"))
    _wait_for_instruction(page, INSTRUCTION)
    page.fill("#studio-title-zh", "删去“公民”二字")
    with page.expect_download() as download:
        page.click("#studio-proposal-docx")
    path = tmp_path / "proposal.docx"
    download.value.save_as(path)
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[0] == "删去“公民”二字" and INSTRUCTION in texts
    with page.expect_download() as download:
        page.click("#studio-table-md")
    assert download.value.suggested_filename == "comparison-table.md"
    assert page.external_requests == []
