"""English renderings: aligned provision by provision with the Chinese, compiled to AKN, shown with `--lang en`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, STATUTES
from typer.testing import CliRunner

from lawdiff.akn.model import Statute, schema_errors
from lawdiff.cli import app
from lawdiff.importing.translations import alignment_errors, build_expression, load_translation, version_ref
from lawdiff.library import Library

SOURCES = sorted((STATUTES / "translations").glob("*.eng.yaml"))


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_every_english_provision_aligns_with_a_chinese_one_and_back(source: Path) -> None:
    translation = load_translation(source)
    library = Library(REPO)
    for version in translation.versions:
        chinese = library.resolve(version_ref(translation.law, version))
        assert alignment_errors(translation, chinese, version) == []
        english = build_expression(translation, version, chinese)
        assert schema_errors(english.root) == []
        assert english.language == "eng"
        assert sorted(a.eid for a in english.articles()) == sorted(
            {eid.split("__")[0] for eid in translation.versions[version]})


def test_translated_articles() -> None:
    criminal = load_translation(STATUTES / "translations" / "criminal-law.eng.yaml")
    current = {eid.split("__")[0] for eid in criminal.versions["current"]}
    assert {"art_253-1", "art_285", "art_286-1", "art_287-1", "art_287-2"} <= current
    assert {eid.split("__")[0] for eid in criminal.versions["amendment-07"]} == {"art_253-1"}
    interp = load_translation(STATUTES / "translations" / "spc-spp-interpretation-2017.eng.yaml")
    assert {eid.split("__")[0] for eid in interp.versions["current"]} == {f"art_{n}" for n in range(1, 7)}


def test_misalignment_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.eng.yaml"
    bad.write_text("law: criminal-law\nlanguage: eng\nnote: x\nversions:\n  current:\n    art_253-1: Article 253-1\n"
                   "    art_253-1__para_1: One.\n    art_253-1__para_9: Nine.\n", encoding="utf-8")
    errors = alignment_errors(load_translation(bad), Library(REPO).current("criminal-law"), "current")
    assert errors == [
        f"{bad}: current: art_253-1__para_9 has no Chinese provision",
        f"{bad}: current: art_253-1__para_2 (第二百五十三条之一第二款) is not translated",
        f"{bad}: current: art_253-1__para_3 (第二百五十三条之一第三款) is not translated",
        f"{bad}: current: art_253-1__para_4 (第二百五十三条之一第四款) is not translated",
    ]


def test_shipped_english_expressions_are_the_compiled_sources() -> None:
    files = sorted(STATUTES.glob("*/eng@*.xml"))
    assert [f.relative_to(STATUTES).as_posix() for f in files] == [
        "criminal-law/eng@2009-02-28.xml", "criminal-law/eng@2023-12-29.xml",
        "spc-spp-interpretation-2017/eng@2017-05-08.xml"]
    english = Statute.load(STATUTES / "criminal-law" / "eng@2023-12-29.xml")
    chinese = Statute.load(STATUTES / "criminal-law" / "zho@2023-12-29.xml")
    for prov in english.walk():
        assert chinese.find(prov.eid) is not None
    assert english.expression_uri == "/akn/cn/act/1979-07-01/criminal-law/eng@2023-12-29"


def test_no_translated_article_changed_in_amendment_xii() -> None:
    # Amendment XII changed Arts. 165, 166, 169, 387, 390, 391 and 393 (corpus prc-criminal-law/amendments/
    # amendment-12.md, items 一–七): the `current` renderings, written for the text through XI, still render the
    # Chinese text through XII word for word — each translated article is the same in both consolidations.
    english = Statute.load(STATUTES / "criminal-law" / "eng@2023-12-29.xml")
    xi = Statute.load(STATUTES / "criminal-law" / "zho@2020-12-26.xml")
    xii = Statute.load(STATUTES / "criminal-law" / "zho@2023-12-29.xml")
    articles = {prov.eid for prov in english.articles()}
    assert articles == {"art_253-1", "art_285", "art_286-1", "art_287-1", "art_287-2"}
    for eid in articles:
        assert xi.article(eid).text == xii.article(eid).text


def test_show_lang_en() -> None:
    code, out, _ = run("show", "253-1", "--lang", "en", "--root", REPO)
    blocks = out.rstrip("\n").split("\n\n")
    assert code == 0 and len(blocks) == 5
    assert blocks[0].startswith("Article 253-1 Whoever, in violation of the relevant provisions of the State, sells")
    assert blocks[-1] == "(unofficial translation; the Chinese text is authoritative)"
    code, out, _ = run("show", "253-1", "--lang", "en", "--at", "2010-01-01", "--root", REPO)
    assert out.startswith("Article 253-1 Any functionary of a state organ")
    assert len(out.rstrip("\n").split("\n\n")) == 4
    code, out, _ = run("show", "286-1", "--lang", "en", "--root", REPO)
    assert "\n\n(1) causing the mass dissemination of illegal information;\n\n" in out


def test_show_lang_en_without_a_rendering() -> None:
    code, out, err = run("show", "254", "--lang", "en", "--root", REPO)
    assert (code, out) == (1, "")
    assert err == ("error: no English rendering of 第二百五十四条 (254) in criminal-law for that version; the Chinese "
                   "text is authoritative\n")
    assert run("show", "253-1", "--lang", "fr", "--root", REPO)[2] == "error: unknown language 'fr' (expected zh or en)\n"
