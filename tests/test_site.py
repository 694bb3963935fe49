"""The static site build: pages, determinism, link checking, atomic replacement."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawdiff import site
from lawdiff.cli import app
from lawdiff.errors import LawdiffError


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_renders_statute_toc_and_article_pages(project: Path) -> None:
    out = project / "_site"
    count = site.build(project, out)
    assert count == len(list(out.rglob("*.html")))
    page = (out / "laws/criminal-law/zho@2020-12-26/art_253-1.html").read_text(encoding="utf-8")
    assert '<h1 class="article-num">第二百五十三条之一</h1>' in page
    assert 'id="art_253-1__para_4"' in page
    assert "单位犯前三款罪的" in page
    assert "第四章 侵犯公民人身权利、民主权利罪" in page  # breadcrumb
    toc = (out / "laws/criminal-law/zho@2020-12-26/index.html").read_text(encoding="utf-8")
    assert '<a href="art_253-1.html">第二百五十三条之一</a>' in toc
    assert "第六节 破坏环境资源保护罪" in toc
    assert not list(out.rglob("*.j2")) and "{%" not in page and "{{" not in page  # templates never leak
    css = list((out / "static").glob("lawdiff.*.css"))
    assert len(css) == 1 and css[0].name in page  # fingerprinted asset


def test_two_builds_are_byte_identical(project: Path) -> None:
    site.build(project, project / "a")
    site.build(project, project / "b")
    assert _digest(project / "a") == _digest(project / "b")


def test_broken_link_fails_the_build_and_keeps_the_previous_site(project: Path, monkeypatch) -> None:
    out = project / "_site"
    site.build(project, out)
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


def test_autoescape_is_on(tmp_path: Path) -> None:
    env = site._environment(site.SITE_DIR / "templates")
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"


def test_build_command(project: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--root", str(project), "--out", str(project / "out")])
    assert result.exit_code == 0
    assert result.stdout == f"built {len(list((project / 'out').rglob('*.html')))} pages into {project / 'out'}\n"


def test_build_without_statutes_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--root", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}: no statutes/ folder in {tmp_path} (run lawdiff from a project folder " \
                            "or pass --root)\n"
    assert not (tmp_path / "out").exists()
