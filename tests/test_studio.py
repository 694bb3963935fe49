"""The drafting workbench's API (`lawdiff serve` at /studio/): preview, save, downloads, and the checks every request
passes — the run's token, the server's own origin and host, a sane body — answered as one-line JSON errors."""

from __future__ import annotations

import http.client
import io
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, STATUTES

from lawdiff.amending.proposals.model import ProposedArticle
from lawdiff.library import Library
from lawdiff.site.pages import STUDIO_ASSETS, fingerprinted
from lawdiff.site.serve import MAX_BODY, Studio, make_server
from lawdiff.site.studio import Workbench, requested_changes

TOKEN = "test-token-0123456789"
TODAY = "2026-12-03"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (statutes and the shipped proposals) whose proposals/ the tests may write into."""
    root = tmp_path_factory.mktemp("studio-project")
    shutil.copytree(STATUTES, root / "statutes")
    shutil.copytree(REPO / "proposals", root / "proposals")
    (root / "_site" / "proposals").mkdir(parents=True)
    return root


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[tuple[int, Studio]]:
    studio = Studio(project, project / "_site", token=TOKEN)
    studio.workbench.today = lambda: __import__("datetime").date.fromisoformat(TODAY)
    studio.workbench.warm()
    httpd = make_server(project / "_site", 0, studio=studio)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], studio
    httpd.shutdown()
    httpd.server_close()


def request(port: int, method: str, path: str, body: Any = None, *, token: str | None = TOKEN,
            headers: dict[str, str] | None = None, raw: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = {"Content-Type": "application/json"} | ({"X-Lawdiff-Token": token} if token else {}) | (headers or {})
    data = raw if raw is not None else None if body is None else json.dumps(body, ensure_ascii=False).encode()
    conn.request(method, path, body=data, headers=sent)
    response = conn.getresponse()
    out = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    conn.close()
    return out


def api(port: int, method: str, route: str, body: Any = None, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    status, headers, data = request(port, method, f"/studio/api/{route}", body, **kwargs)
    assert headers["content-type"].startswith("application/json"), headers
    return status, json.loads(data)


def text_of_253_1(port: int) -> str:
    status, article = api(port, "GET", "article?base=criminal-law&article=253-1")
    assert status == 200 and article["exists"] and article["label"] == "第二百五十三条之一"
    return str(article["text"])


# --- preview -------------------------------------------------------------------------------------------------


def test_preview_of_one_article_drafts_the_amendment_and_reports_on_it(server: tuple[int, Studio]) -> None:
    port, _ = server
    text = text_of_253_1(port).replace("公民个人信息", "个人信息")
    status, answer = api(port, "POST", "preview", {"base": "criminal-law", "article": "253-1", "text": text})
    assert status == 200
    assert answer["base"] == f"criminal-law@{TODAY}"
    assert answer["instructions"] == ["一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。",
                                      "二、本修正案自公布之日起施行。"]
    assert '<del><span class="visually-hidden">删除：</span>公民个人信息</del>' in answer["diff_html"]
    assert '<ins><span class="visually-hidden">增加：</span>个人信息</ins>' in answer["diff_html"]
    assert answer["penalties"][0]["article"] == "第二百五十三条之一" and answer["penalties"][0]["verdict"] == "same"
    assert answer["warnings"] == []
    conflicts = {c["id"]: c["status"] for c in answer["conflicts"]}
    assert conflicts["rename-personal-information"] == "fail"  # the term is no longer there to replace
    assert conflicts["illegal-use-offence"] == "clean"
    assert answer["terms"][0]["old"] == "公民个人信息" and answer["terms"][0]["count"] > 10
    assert answer["charges"] == [{"article": "253-1", "label": "第二百五十三条之一", "names": ["侵犯公民个人信息罪"],
                                  "new_offence": False, "deleted": False,
                                  "renamed": [{"name": "侵犯公民个人信息罪", "would_be": "侵犯个人信息罪"}]}]
    assert "<script" not in answer["report_html"] and "侵犯个人信息罪" in answer["report_html"]


def test_preview_of_several_articles_with_a_new_offence_and_a_reference_moved(server: tuple[int, Studio]) -> None:
    port, _ = server
    paragraphs = text_of_253_1(port).split("\n\n")
    with_new_first = "\n\n".join([paragraphs[0], "违反国家有关规定，非法使用公民个人信息，情节严重的，依照前款的规定处罚。",
                                  *paragraphs[1:]])
    new_offence = "违反国家有关规定，非法使用公民个人信息，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金。"
    status, answer = api(port, "POST", "preview", {"base": "criminal-law@2024-03-01", "changes": [
        {"article": "253-1", "text": with_new_first}, {"article": "253-2", "text": new_offence}]})
    assert status == 200
    assert answer["instructions"][0] == ("一、在刑法第二百五十三条之一中增加一款作为第二款：“违反国家有关规定，非法使用公民"
                                         "个人信息，情节严重的，依照前款的规定处罚。”")
    assert answer["instructions"][1].startswith("二、在刑法第二百五十三条之一后增加一条，作为第二百五十三条之二：")
    kinds = [w["kind"] for w in answer["warnings"]]
    assert "elsewhere" in kinds  # 依照前款 of the old second paragraph now names the new one
    assert any("第二百五十三条之一第三款" in w["message"] for w in answer["warnings"])
    new = next(c for c in answer["charges"] if c["article"] == "253-2")
    assert new["new_offence"] and new["names"] == []
    assert "由最高人民法院、最高人民检察院在修正案通过后另行确定" in answer["report_html"]


def test_preview_of_a_deletion_lists_citations_from_other_laws(server: tuple[int, Studio]) -> None:
    port, _ = server
    status, answer = api(port, "POST", "preview", {"base": "criminal-law", "changes": [
        {"article": "253-1", "text": "（删去）"}]})
    assert status == 200 and answer["instructions"][0] == "一、删去刑法第二百五十三条之一。"
    cited = [w for w in answer["warnings"] if w["kind"] == "cited"]
    assert cited and all(w["law"] != "criminal-law" for w in cited)
    assert any(w["law"] == "spc-spp-interpretation-2017" for w in cited)


def test_preview_in_a_law_amended_by_decision(server: tuple[int, Studio]) -> None:
    port, _ = server
    status, article = api(port, "GET", "article?base=personal-information-protection-law&article=28")
    status, answer = api(port, "POST", "preview", {"base": "personal-information-protection-law", "changes": [
        {"article": "28", "text": article["text"].replace("十四周岁", "十六周岁")},
        {"article": "24-1", "text": "个人信息处理者应当每年对自动化决策所用的算法进行安全评估。"}], "lang": "en"})
    assert status == 200
    assert answer["instructions"] == ["一、将第二十八条中的“十四周岁”修改为“十六周岁”。",
                                      "二、增加一条，作为第二十五条：“个人信息处理者应当每年对自动化决策所用的算法进行安全评估。”",
                                      "三、本决定自公布之日起施行。"]
    assert answer["english"][0] == "Replace “十四周岁” with “十六周岁” in Article 28."
    assert answer["summary"] == "Preview updated: 3 change item(s)."


@pytest.mark.parametrize(("body", "error"), [
    ({"base": "criminal-law", "article": "253-1"}, "missing field 'text'"),
    ({"base": "criminal-law", "article": "x", "text": "甲。"}, "request.article: not an article number: 'x' (expected "
                                                            "e.g. 253-1 or 第二百五十三条之一)"),
    ({"base": "no-such-law", "article": "1", "text": "甲。"}, "unknown law 'no-such-law'"),
    ({"base": "criminal-law@2026-13-40", "article": "1", "text": "甲。"}, "cannot read the reference"),
    ({"base": "../etc", "article": "1", "text": "甲。"}, "base '../etc' is not a law"),
    ({"base": "criminal-law", "changes": []}, "no change: give at least one article and its text"),
    ({"base": "criminal-law", "changes": [{"article": "999", "text": "（删去）"}]}, "第九百九十九条 is not in the base"),
    ({"base": "criminal-law", "changes": [{"article": "1", "text": " \n "}]}, "the text of 第一条 is empty"),
])
def test_preview_refuses_what_it_cannot_draft_with_a_one_line_error(server: tuple[int, Studio], body: dict[str, Any],
                                                                       error: str) -> None:
    status, answer = api(server[0], "POST", "preview", body)
    assert status == 400 and error in answer["error"] and "\n" not in answer["error"]


def test_a_body_that_is_not_json_is_400_and_a_huge_one_413(server: tuple[int, Studio]) -> None:
    port, _ = server
    assert api(port, "POST", "preview", raw=b"{not json") == (
        400, {"error": "the request body is not JSON (expected an object such as {\"base\": …})"})
    assert api(port, "POST", "preview", raw=b"[1, 2]") == (400, {"error": "the request body must be a JSON object"})
    assert api(port, "POST", "preview", raw=b"\xff\xfe") [0] == 400
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)  # the length said, the body never sent
    conn.putrequest("POST", "/studio/api/preview")
    for name, value in (("X-Lawdiff-Token", TOKEN), ("Content-Type", "application/json"),
                        ("Content-Length", str(MAX_BODY + 1))):
        conn.putheader(name, value)
    conn.endheaders(b"{}")
    response = conn.getresponse()
    assert response.status == 413
    assert json.loads(response.read()) == {"error": f"the request body is over {MAX_BODY} bytes"}
    conn.close()
    assert api(port, "POST", "nothing-here", {})[0] == 400


# --- token, origin, host --------------------------------------------------------------------------------------


def test_the_page_holds_the_token_and_the_api_wants_it(server: tuple[int, Studio]) -> None:
    port, _ = server
    status, headers, page = request(port, "GET", "/studio/", token=None)
    assert status == 200 and headers["content-type"].startswith("text/html")
    html = page.decode("utf-8")
    assert f'<meta name="lawdiff-token" content="{TOKEN}">' in html
    assert '<html lang="zh-Hans">' in html and "起草工作台" in html
    status, _, page = request(port, "GET", "/en/studio/", token=None)
    assert status == 200 and '<html lang="en">' in page.decode("utf-8")
    assert 'href="../en/studio/index.html" hreflang="en"' in html  # the language switch
    assert request(port, "GET", "/en/studio/index.html", token=None)[0] == 200
    assert request(port, "GET", "/studio", token=None)[:2][0] == 301
    assert request(port, "GET", "/studio/studio.js", token=None)[1]["content-type"].startswith("text/javascript")
    body = {"base": "criminal-law", "article": "1", "text": "甲。"}
    assert api(port, "POST", "preview", body, token=None)[0] == 403
    status, answer = api(port, "POST", "preview", body, token="wrong")
    assert status == 403 and answer["error"].startswith("missing or wrong X-Lawdiff-Token")
    assert api(port, "GET", "article?base=criminal-law&article=1", token=None)[0] == 403
    assert api(port, "POST", "save", {"id": "x"}, token=None)[0] == 403


def test_another_origin_or_host_is_403(server: tuple[int, Studio]) -> None:
    port, _ = server
    body = {"base": "criminal-law", "article": "1", "text": "甲。"}
    status, answer = api(port, "POST", "preview", body, headers={"Origin": "http://evil.example"})
    assert status == 403 and "http://evil.example" in answer["error"]
    assert api(port, "POST", "preview", body, headers={"Origin": f"http://127.0.0.1:{port + 1}"})[0] == 403
    assert api(port, "POST", "preview", body, headers={"Origin": f"http://127.0.0.1:{port}"})[0] == 200
    assert api(port, "POST", "preview", body, headers={"Host": f"evil.example:{port}"})[0] == 403
    assert request(port, "GET", "/studio/", token=None, headers={"Host": "evil.example"})[0] == 403


def test_the_server_binds_127_0_0_1_only(server: tuple[int, Studio]) -> None:
    httpd = make_server(Path("."), 0, studio=server[1])
    try:
        assert httpd.server_address[0] == "127.0.0.1"
    finally:
        httpd.server_close()


# --- saving ---------------------------------------------------------------------------------------------------


def save_body(text: str, **fields: Any) -> dict[str, Any]:
    return {"id": "studio-rename", "title": {"zh": "删去“公民”二字", "en": "Drop 'citizens'"}, "base": "criminal-law",
            "changes": [{"article": "253-1", "text": text}], "rationale": {"zh": "个人信息不限于公民的 [@li2025, §4.1]。"},
            "authors": ["张三"], "sources": [{"key": "li2025", "author": "Li Guanzheng", "title": "Research", "year": 2025}],
            **fields}


def test_save_writes_a_valid_proposal_201_then_409_then_overwrites(server: tuple[int, Studio], project: Path) -> None:
    port, _ = server
    text = text_of_253_1(port).replace("公民个人信息", "个人信息")
    status, answer = api(port, "POST", "save", save_body(text))
    assert (status, answer) == (201, {"id": "studio-rename", "file": "proposals/studio-rename.md",
                                      "page": "/proposals/studio-rename.html"})
    path = project / "proposals" / "studio-rename.md"
    written = path.read_text(encoding="utf-8")
    assert "\n## Proposed text\n\n第二百五十三条之一 违反国家有关规定，向他人出售或者提供个人信息" in written
    assert "\n## Changes\n\n一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。\n\n二、本修正案自公布之日起施行。\n" in written
    assert "proposed_by: authors" in written and f"base: criminal-law@{TODAY}" in written
    proposal = Library(project).proposal("studio-rename")
    assert proposal.authors == ("张三",) and proposal.proposers[0].by_authors and not proposal.drafted
    # the same id again: 409, the file as it was; with overwrite: 201
    status, answer = api(port, "POST", "save", save_body(text.replace("个人信息", "自然人个人信息")))
    assert status == 409 and answer["error"].startswith("proposals/studio-rename.md: exists already")
    assert path.read_text(encoding="utf-8") == written
    status, _ = api(port, "POST", "save", save_body(text.replace("个人信息", "自然人个人信息"), overwrite=True))
    assert status == 201 and "修改为“自然人个人信息”" in path.read_text(encoding="utf-8")
    # opened again, it gives back what the workbench edits
    status, opened = api(port, "GET", "proposal?id=studio-rename")
    assert status == 200 and opened["changes"][0]["article"] == "253-1"
    assert "自然人个人信息" in opened["changes"][0]["text"] and opened["authors"] == ["张三"]
    assert opened["rationale"]["zh"] == "个人信息不限于公民的 [@li2025, §4.1]。"
    assert api(port, "GET", "built?id=studio-rename")[1] == {"id": "studio-rename", "built": False,
                                                             "page": "/proposals/studio-rename.html"}


@pytest.mark.parametrize("bad_id", ["../x", "a/b", "Upper", "", "x" * 81, "a--b", "-a", "a.md", "..", "a\\b", 12])
def test_ids_that_try_to_escape_are_400_and_nothing_is_written(server: tuple[int, Studio], project: Path,
                                                              bad_id: object) -> None:
    port, _ = server
    before = sorted(p.relative_to(project.parent) for p in project.parent.rglob("*") if "_site" not in p.parts)
    status, answer = api(port, "POST", "save", save_body("甲。", id=bad_id))
    assert status == 400 and ("id" in answer["error"] or "field" in answer["error"])
    assert sorted(p.relative_to(project.parent) for p in project.parent.rglob("*") if "_site" not in p.parts) == before


@pytest.mark.parametrize(("change", "error"), [
    ({"title": {"zh": ""}}, "title.zh is missing"),
    ({"changes": [{"article": "253-1", "text": "违反国家有关规定，向他人出售或者提供公民个人信息"}], "title": {"zh": "x"},
      "rationale": {"zh": "见 [@nobody]。"}}, "citation [@nobody] names no source"),
    ({"overwrite": "yes"}, "field 'overwrite' must be true or false"),
    ({"sources": [{"key": "a", "author": "b", "title": "c", "year": "soon"}]}, "sources[0].year"),
])
def test_an_invalid_save_is_400_with_the_readers_message(server: tuple[int, Studio], change: dict[str, Any],
                                                         error: str) -> None:
    port, _ = server
    status, answer = api(port, "POST", "save", {**save_body(text_of_253_1(port).replace("公民", "")), "id": "bad-one",
                                                **change})
    assert status == 400 and error in answer["error"]
    assert not (server[1].workbench.root / "proposals" / "bad-one.md").exists()


def test_a_proposed_charge_name_is_saved_and_opened_again(server: tuple[int, Studio], project: Path) -> None:
    port, _ = server
    body = {**save_body(text_of_253_1(port).replace("公民个人信息", "个人信息"), id="studio-charge"),
            "charges": [{"provision": "第二百五十三条之一", "names": ["侵犯个人信息罪"]}]}
    assert api(port, "POST", "save", body)[0] == 201
    written = (project / "proposals" / "studio-charge.md").read_text(encoding="utf-8")
    assert "\ncharges:\n  第二百五十三条之一: 侵犯个人信息罪\n---\n" in written
    proposal = Library(project).proposal("studio-charge")
    assert [(c.article, c.paragraph, c.names) for c in proposal.charges] == [("253-1", None, ("侵犯个人信息罪",))]
    status, opened = api(port, "GET", "proposal?id=studio-charge")
    assert status == 200 and opened["charges"] == [{"provision": "第二百五十三条之一", "names": ["侵犯个人信息罪"]}]


@pytest.mark.parametrize(("charges", "error"), [
    ([{"provision": "第二百八十五条", "names": ["甲罪"]}], "charges: this proposal does not change 第二百八十五条"),
    ([{"provision": "第二百五十三条之一", "names": ["侵犯个人信息"]}], "'侵犯个人信息' is not a charge name"),
    ([{"provision": "第二百五十三条之一", "names": ["拒不履行信息网络安全管理义务罪"]}],
     "charges: 拒不履行信息网络安全管理义务罪 is already the charge name of 第二百八十六条之一"),
    ("第二百五十三条之一 甲罪", "field 'charges' must be a list"),
    ([{"provision": "第二百五十三条之一", "names": "甲罪"}], "charges[0] must be an object with a provision and a list"),
])
def test_a_proposed_charge_name_that_cannot_stand_is_400(server: tuple[int, Studio], charges: object,
                                                          error: str) -> None:
    port, _ = server
    body = {**save_body(text_of_253_1(port).replace("公民个人信息", "个人信息"), id="bad-charge"), "charges": charges}
    status, answer = api(port, "POST", "save", body)
    assert status == 400 and error in answer["error"], answer
    assert not (server[1].workbench.root / "proposals" / "bad-charge.md").exists()


def test_saving_the_base_text_unchanged_is_400(server: tuple[int, Studio]) -> None:
    port, _ = server
    status, answer = api(port, "POST", "save", save_body(text_of_253_1(port), id="no-change"))
    assert (status, answer) == (400, {"error": "the text is as the base has it: there is nothing to propose"})


# --- downloads ------------------------------------------------------------------------------------------------


def test_the_comparison_table_downloads_as_docx_and_markdown(server: tuple[int, Studio]) -> None:
    from docx import Document

    port, _ = server
    body = save_body(text_of_253_1(port).replace("公民个人信息", "个人信息"))
    status, headers, data = request(port, "POST", "/studio/api/table.docx", body)
    assert status == 200 and headers["content-disposition"] == 'attachment; filename="comparison-table.docx"'
    table = Document(io.BytesIO(data)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["原条文", "修改后条文", "说明"]
    assert "个人信息" in table.rows[1].cells[1].text
    status, headers, data = request(port, "POST", "/studio/api/table.md", body)
    assert status == 200 and data.decode("utf-8").startswith("# 删去“公民”二字 修改前后对照表\n")
    assert "~~公民个人信息~~" in data.decode("utf-8")


def test_the_proposal_docx_holds_title_text_explanation_and_table(server: tuple[int, Studio]) -> None:
    from docx import Document

    port, _ = server
    body = save_body(text_of_253_1(port).replace("公民个人信息", "个人信息"))
    status, headers, data = request(port, "POST", "/studio/api/proposal.docx", body)
    assert status == 200 and headers["content-disposition"] == 'attachment; filename="studio-rename-proposal.docx"'
    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "删去“公民”二字" and paragraphs[1] == "（立法建议稿）"
    assert paragraphs[2].startswith("建议人：张三")
    assert "一、修改条文" in paragraphs and "二、说明" in paragraphs and "三、修改前后对照表" in paragraphs
    assert "一、将刑法第二百五十三条之一中的“公民个人信息”修改为“个人信息”。" in paragraphs
    explanation = paragraphs[paragraphs.index("二、说明") + 1]
    assert explanation == "个人信息不限于公民的 （Li Guanzheng，2025，§4.1）。"
    assert "Li Guanzheng，Research（2025）。" in paragraphs
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["原条文", "修改后条文", "说明"] and len(table.rows) == 2
    # the same draft gives the same bytes
    assert request(port, "POST", "/studio/api/proposal.docx", body)[2] == data


# --- the library side ------------------------------------------------------------------------------------------


def test_requested_changes_reads_text_as_typed() -> None:
    articles = requested_changes({"changes": [
        {"article": "第二百五十三条之一", "text": "第二百五十三条之一 甲。\r\n\r\n乙：\n（一）丙；"},
        {"article": "10", "text": "", "deleted": True}]})
    assert articles == [ProposedArticle("253-1", ("甲。", "乙：", "（一）丙；")), ProposedArticle("10", (), True)]


def test_the_built_site_never_holds_the_workbench() -> None:
    from lawdiff.locations import SITE_DIR

    assert set(STUDIO_ASSETS) <= {p.name for p in (SITE_DIR / "static").iterdir()}
    assert not any("studio" in path for path in fingerprinted(SITE_DIR / "static").values())


def test_workbench_conflicts_on_excerpts_agree_with_the_whole_text(server: tuple[int, Studio]) -> None:
    from lawdiff.amending.proposals import conflict_matrix

    workbench: Workbench = server[1].workbench
    text = workbench.article("criminal-law@2024-03-01", "253-1")["text"]
    for changes in ([{"article": "253-1", "text": text.replace("七年", "十年")}],
                    [{"article": "253-1", "text": text + "\n\n新增一款。"}],
                    [{"article": "253-2", "text": "非法使用公民个人信息的，处三年以下有期徒刑。"}]):
        draft = workbench.draft({"base": "criminal-law@2024-03-01", "changes": changes})
        fast = {other.id: pair for other, pair in workbench.conflicts(draft)}
        whole = {other.id: conflict_matrix([draft.proposal, other], draft.base).pairs[0]
                 for other in workbench.proposals() if other.law == "criminal-law"}
        assert fast == whole


def test_save_a_proposal_for_a_law_amended_by_decision(server: tuple[int, Studio], project: Path) -> None:
    port, _ = server
    _, article = api(port, "GET", "article?base=personal-information-protection-law&article=28")
    body = {"id": "studio-pipl", "title": {"zh": "个人信息保护法修改建议"}, "base": "personal-information-protection-law",
            "changes": [{"article": "28", "text": article["text"].replace("十四周岁", "十六周岁")},
                        {"article": "24-1", "text": "个人信息处理者应当每年对自动化决策所用的算法进行安全评估。"},
                        {"article": "73", "text": "（删去）"}]}
    assert api(port, "POST", "save", body)[0] == 201
    text = (project / "proposals" / "studio-pipl.md").read_text(encoding="utf-8")
    proposed = text.split("## Proposed text\n\n", 1)[1].split("\n\n## Changes", 1)[0]
    assert [line.split(" ", 1)[0] for line in proposed.split("\n\n") if line.startswith("第")] == [
        "第二十四条之一", "第二十八条", "第七十三条"]  # in the statute's order
    assert "\n三、增加一条，作为第二十五条：“个人信息处理者应当每年对自动化决策所用的算法进行安全评估。”\n" in text
    assert "title:\n  zh: 个人信息保护法修改建议\n  en: 个人信息保护法修改建议\n" in text  # no English title given
    assert "#### zh\n\n（说明待补充。）\n" in text  # nor a rationale
    proposal = Library(project).proposal("studio-pipl")
    assert [item.label for item in proposal.items] == ["一", "二", "三", "四"]
    assert proposal.authors == ("（未署名）",)
