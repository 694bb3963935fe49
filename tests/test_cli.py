"""The command line: exact output of key commands, one-line errors, nothing half-written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CONSOLIDATED, REPO, STATUTES
from test_model import BOMB, XXE
from typer.testing import CliRunner

from lawdiff.cli import app

ART_253_1 = """第二百五十三条之一 违反国家有关规定，向他人出售或者提供公民个人信息，情节严重的，处三年以下有期徒刑或者拘役，并处或者单处罚金；情节特别严重的，处三年以上七年以下有期徒刑，并处罚金。

违反国家有关规定，将在履行职责或者提供服务过程中获得的公民个人信息，出售或者提供给他人的，依照前款的规定从重处罚。

窃取或者以其他方法非法获取公民个人信息的，依照第一款的规定处罚。

单位犯前三款罪的，对单位判处罚金，并对其直接负责的主管人员和其他直接责任人员，依照各该款的规定处罚。
"""


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_show_prints_article_as_the_national_database(runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "253-1", "--root", REPO)
    assert code == 0
    assert out == ART_253_1
    source = CONSOLIDATED.read_text(encoding="utf-8")
    assert out.strip() in source
    assert run(runner, "show", "第二百五十三条之一", "--root", REPO)[1] == out


def test_show_other_law(runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "1034", "--law", "civil-code-personality-rights", "--root", REPO)
    assert code == 0
    assert out.startswith("第一千零三十四条 自然人的个人信息受法律保护。")


def test_show_unknown_article_is_one_line(runner: CliRunner) -> None:
    code, out, err = run(runner, "show", "999", "--root", REPO)
    assert code == 1
    assert out == ""
    assert err == f"error: {STATUTES / 'criminal-law' / 'zho@2023-12-29.xml'}: no article 999 (第九百九十九条) in " \
                  "中华人民共和国刑法\n"
    code, _, err = run(runner, "show", "253-1", "--law", "tax-law", "--root", REPO)
    assert code == 1
    assert "unknown law 'tax-law' (known: civil-code-personality-rights, criminal-law," in err


def test_validate_shipped_statutes(runner: CliRunner) -> None:
    code, out, _ = run(runner, "validate", "--root", REPO)
    assert code == 0
    # 11 laws (the Criminal Law in two consolidations, four interpretations on its temporal effect), 12 instruments,
    # 3 English expressions
    assert out == "27 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_validate_reports_irregular_markdown_with_file_and_line(runner: CliRunner) -> None:
    path = CONSOLIDATED.parents[1] / "related" / "civil-code" / "part-8-supplementary-provisions.md"
    code, out, _ = run(runner, "validate", path)
    assert code == 0
    assert out == f"{path}:11: warning: empty heading\n1 file(s) checked: 0 error(s), 1 warning(s)\n"


def test_validate_reports_irregular_xml_with_line(runner: CliRunner, tmp_path: Path) -> None:
    src = CONSOLIDATED.parents[1] / "related" / "civil-code" / "part-8-supplementary-provisions.md"
    xml = tmp_path / "part8.xml"
    assert run(runner, "import", "law", src, "-o", xml)[0] == 0
    code, out, _ = run(runner, "validate", xml)
    assert code == 0
    line = next(i for i, text in enumerate(xml.read_text().splitlines(), 1) if "ld:irregular" in text)
    assert out.splitlines()[0] == f"{xml}:{line}: warning: empty heading (source line 11)"


def test_validate_semantic_errors(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    text = (STATUTES / "criminal-law" / "zho@2023-12-29.xml").read_text(encoding="utf-8")
    text = text.replace('eId="art_253-1__para_3"', 'eId="art_253-1__para_2"', 1)
    bad.write_text(text, encoding="utf-8")
    code, out, _ = run(runner, "validate", bad)
    assert code == 1
    assert re.search(rf"^{re.escape(str(bad))}:\d+: error: duplicate eId 'art_253-1__para_2' \(first at line \d+\)$",
                     out, re.M)
    assert "Duplicate key-sequence ['art_253-1__para_2'] in unique identity-constraint" in out  # the schema's check
    assert "error: eId 'art_253-1__para_2' out of sequence, expected 'art_253-1__para_3'" in out
    assert out.endswith("1 file(s) checked: 3 error(s), 0 warning(s)\n")  # schema + duplicate + out of sequence


def test_import_then_export_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    xml, back = tmp_path / "cl.xml", tmp_path / "back.md"
    code, out, _ = run(runner, "import", "law", CONSOLIDATED, "-o", xml, "--name", "criminal-law")
    assert (code, out) == (0, f"wrote {xml}: 505 articles\n")
    code, out, _ = run(runner, "export", xml, "--format", "markdown", "-o", back)
    assert (code, out) == (0, f"wrote {back}\n")
    assert back.read_bytes() == CONSOLIDATED.read_bytes()


BAD_MD = "# 法\n\n2001年1月1日 通过\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第二条乙。"


@pytest.mark.parametrize(("name", "data", "command", "message"), [
    ("malformed.xml", b"<akomaNtoso><act>", "export", "malformed XML"),
    ("bomb.xml", BOMB, "export", "XML with a DOCTYPE or entity declarations is refused"),
    ("xxe.xml", XXE, "export", "XML with a DOCTYPE or entity declarations is refused"),
    ("html.xml", b"<html/>", "export", "XML root element must be akomaNtoso"),
    ("broken.md", BAD_MD.encode(), "import", "broken article heading '第二条乙。'…"),
])
def test_bad_input_is_one_line_and_writes_nothing(runner: CliRunner, tmp_path: Path, name: str, data: bytes,
                                                   command: str, message: str) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.file"
    args = ["import", "law", src, "-o", out] if command == "import" else ["export", src, "-o", out]
    code, stdout, err = run(runner, *args)
    assert code == 1
    assert stdout == ""
    assert err.startswith(f"error: {src}")
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_export_refuses_to_overwrite_its_input(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "cl.xml"
    src.write_bytes((STATUTES / "criminal-law" / "zho@2023-12-29.xml").read_bytes())
    code, _, err = run(runner, "export", src, "-o", src)
    assert code == 1
    assert "refusing to overwrite the input" in err
    assert src.read_bytes() == (STATUTES / "criminal-law" / "zho@2023-12-29.xml").read_bytes()


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    def name(command) -> str:
        return command.name or command.callback.__name__.replace("_", "-")

    groups = {g.name: g.typer_instance for g in app.registered_groups}
    names = [name(c) for c in app.registered_commands]
    names += [f"{g} {name(c)}" for g, t in groups.items() for c in t.registered_commands]
    assert {"build", "validate", "show", "export", "import law"} <= set(names)
    for name in names:
        code, out, _ = run(runner, *name.split(), "--help")
        assert code == 0 and "Usage:" in out
        assert f"lawdiff {name}" in readme, f"`lawdiff {name}` is not documented in README.md"
