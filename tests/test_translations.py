"""English renderings: aligned provision by provision with the Chinese, compiled to AKN, shown with `--lang en`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, STATUTES, run

from lawdiff.akn.model import Provision, Statute, schema_errors
from lawdiff.importing.translations import alignment_errors, build_expression, load_translation, version_ref
from lawdiff.library import Library

SOURCES = sorted((STATUTES / "translations").glob("*.eng.yaml"))
INTERPRETATION_YAML = STATUTES / "translations" / "spc-spp-interpretation-2017.eng.yaml"



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
    interp = load_translation(INTERPRETATION_YAML)
    assert {eid.split("__")[0] for eid in interp.versions["current"]} == {a.eid for a in interpretation().articles()}


def interpretation() -> Statute:
    return Statute.load(STATUTES / "spc-spp-interpretation-2017" / "zho@2017-05-08.xml")


def test_every_provision_of_the_interpretation_has_an_english_rendering() -> None:
    chinese = interpretation()
    wanted = [eid for art in chinese.articles() for eid in [art.eid, *(p.eid for p in art.walk_provisions())]]
    interp = load_translation(INTERPRETATION_YAML)
    assert sorted(interp.versions["current"]) == sorted(wanted)
    assert alignment_errors(interp, chinese, "current") == []
    assert all(interp.versions["current"][eid].strip() for eid in wanted)
    english = Statute.load(STATUTES / "spc-spp-interpretation-2017" / "eng@2017-05-08.xml")
    assert [p.eid for p in english.walk()] == [p.eid for p in chinese.walk()]


# Casebook checks of the interpretation: each rests on Chinese words of the provision, which must be there.
CASEBOOK = [
    ("art_4__para_1", "违反国家有关规定", "in violation of the relevant provisions of the State"),
    ("art_4__para_1", "刑法第二百五十三条之一第三款", "paragraph 3 of Article 253-1 of the Criminal Law"),
    ("art_5__para_1", "刑法第二百五十三条之一规定的“情节严重”",
     "“where the circumstances are serious” as provided in Article 253-1 of the Criminal Law"),
    ("art_5__para_2", "刑法第二百五十三条之一第一款规定的“情节特别严重”",
     "“where the circumstances are especially serious” as provided in paragraph 1 of Article 253-1"),
    ("art_5__para_2__point_2", "恶劣社会影响", "a seriously adverse social impact"),
    ("art_8__para_1", "依照刑法第二百八十七条之一的规定，以非法利用信息网络罪定罪处罚",
     "the crime of unlawfully using an information network in accordance with the provisions of Article 287-1"),
    ("art_9__para_1", "依照刑法第二百八十六条之一的规定，以拒不履行信息网络安全管理义务罪定罪处罚",
     "the crime of refusing to perform information network security management obligations in accordance with the "
     "provisions of Article 286-1"),
    ("art_10__para_1", "不起诉或者免予刑事处罚",
     "a decision not to prosecute may be made or the offender may be exempted from criminal punishment"),
    ("art_12__para_1", "一倍以上五倍以下",
     "not less than the amount of the unlawful gains and not more than five times that amount"),
    ("art_13__para_1", "本解释自2017年6月1日起施行", "This Interpretation shall come into force on 1 June 2017."),
]


@pytest.mark.parametrize(("eid", "chinese", "english"), CASEBOOK, ids=[c[0] for c in CASEBOOK])
def test_interpretation_casebook(eid: str, chinese: str, english: str) -> None:
    assert chinese in Provision(interpretation().find(eid)).own_text
    assert english in load_translation(INTERPRETATION_YAML).versions["current"][eid]


def test_interpretation_art_4_state_provisions_govern_both_limbs() -> None:
    # 违反国家有关规定，通过购买、收受、交换等方式获取公民个人信息，或者在履行职责、提供服务过程中收集公民个人信息的:
    # the qualifier comes before both limbs, so it must come before both in English too.
    assert Provision(interpretation().find("art_4__para_1")).own_text.startswith("违反国家有关规定，通过购买")
    text = load_translation(INTERPRETATION_YAML).versions["current"]["art_4__para_1"]
    qualifier = text.index("in violation of the relevant provisions of the State")
    assert text.count("in violation of the relevant provisions of the State") == 1
    assert qualifier < text.index("obtains citizens' personal information by purchasing") < text.index(
        "or collects citizens' personal information in the course of performing duties or providing services")


def test_interpretation_takes_effect_on_1_june_2017() -> None:
    # 第十三条 本解释自2017年6月1日起施行。 — not 2017-05-08, the date of the corpus file name.
    note = load_translation(INTERPRETATION_YAML).note
    assert "It took effect on 1 June 2017 (2017-06-01, its Article 13)" in note
    assert "is not the date it took effect" in note
    code, out, _ = run("show", "13", "--law", "spc-spp-interpretation-2017", "--lang", "en", "--root", REPO)
    assert (code, out) == (0, "Article 13 This Interpretation shall come into force on 1 June 2017.\n\n"
                              "(unofficial translation; the Chinese text is authoritative)\n")


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
