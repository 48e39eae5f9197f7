"""Source addresses are terminal hyperlinks (OSC 8) in a detail, and only safe ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bijie_tui.app import BijieApp
from bijie_tui.display import Display, decide
from bijie_tui.model.loader import load
from bijie_tui.model.query import Catalog
from bijie_tui.model.safe import link_address
from bijie_tui.screens.detail_screen import DetailScreen
from bijie_tui.widgets.detail import DetailPane
from pilot_helpers import idle

HTTPS = "https://www.example.org/news/2022-09/bijie.html?a=1&b=2#top"
UNSAFE = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://example.org/\x1b]8;;https://evil.example\x1b\\",
    "https://example.org/\x07x",
    "https://example.org/a b",
    "https://example.org/\u202eexe",
    "https://例子.中国/",
    "ftp://example.org/file",
    "https://",
    "file:///etc/passwd",
]


def test_only_http_and_https_addresses_in_printable_ascii_are_links() -> None:
    assert link_address(HTTPS) == HTTPS
    assert link_address("HTTP://Example.org") == "HTTP://Example.org"
    for url in UNSAFE:
        assert link_address(url) is None, url


def test_links_are_off_with_ascii_and_on_whatever_the_colours() -> None:
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
    assert decide(env).links
    assert decide(env | {"NO_COLOR": "1"}).links
    assert decide(env, low_bandwidth=True).links
    assert not decide(env, ascii=True).links
    assert not decide(env | {"LANG": "C"}).links
    assert not decide(env | {"TERM": "linux"}).links


def _catalog(tmp_path: Path, bundled_json: dict[str, Any], url: str) -> tuple[Catalog, str]:
    data = json.loads(json.dumps(bundled_json))
    source = data["sources"][0]
    source["url"] = url
    path = tmp_path / "links.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return Catalog(load(path)), source["id"]


async def _links_shown(catalog: Catalog, source: str, display: Display) -> tuple[set[str], str]:
    """The hyperlinks on the screen of the source's detail, and the screen's text."""
    app = BijieApp(catalog, display=display)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(DetailScreen(catalog, ("source", source)))
        await idle(pilot)
        assert app.screen.query_one(DetailPane).detail is not None
        strips = app.screen._compositor.render_strips()
        links = {
            seg.style.link for strip in strips for seg in strip if seg.style and seg.style.link
        }
        text = "\n".join(strip.text for strip in strips)
    return {link for link in links if link}, text


async def test_an_https_source_is_a_link_in_its_detail(
    tmp_path: Path, bundled_json: dict[str, Any]
) -> None:
    catalog, source = _catalog(tmp_path, bundled_json, HTTPS)
    links, text = await _links_shown(catalog, source, Display())
    assert links == {HTTPS}
    assert "www.example.org" in text


async def _detail_links(catalog: Catalog, indicator: str) -> tuple[set[str | None], str]:
    app = BijieApp(catalog)
    async with app.run_test(size=(100, 60)) as pilot:
        await app.push_screen(DetailScreen(catalog, ("indicator", indicator)))
        await idle(pilot)
        body = app.screen.query_one("#detail-body")
        lines = body.render_lines(body.region.reset_offset)  # type: ignore[attr-defined]
        links = {seg.style.link for strip in lines for seg in strip if seg.style}
        text = "\n".join("".join(seg.text for seg in strip) for strip in lines)
    return links, text


@pytest.mark.parametrize("unrelated", [False, True])
async def test_an_indicator_detail_links_its_sources_but_not_copies_on_unrelated_sites(
    catalog: Catalog, unrelated: bool
) -> None:
    figure = next(
        f
        for f in catalog.data.figures
        if len(f.evidence) == 1
        and (catalog.sources[f.evidence[0].source].kind == "unrelated_copy") == unrelated
        and link_address(catalog.sources[f.evidence[0].source].url or "") is not None
    )
    url = catalog.sources[figure.evidence[0].source].url
    links, text = await _detail_links(catalog, figure.indicator)
    assert (url in links) != unrelated
    assert url is not None and url in text
    assert ("copy on an unrelated site" in text) == unrelated


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "https://a.org/\x1bx"])
async def test_an_unsafe_address_is_shown_as_text_without_a_link(
    tmp_path: Path, bundled_json: dict[str, Any], url: str
) -> None:
    catalog, source = _catalog(tmp_path, bundled_json, url)
    links, text = await _links_shown(catalog, source, Display())
    assert links == set()
    assert url.split(":")[0] in text


async def test_no_links_in_ascii_mode(tmp_path: Path, bundled_json: dict[str, Any]) -> None:
    catalog, source = _catalog(tmp_path, bundled_json, HTTPS)
    try:
        links, text = await _links_shown(catalog, source, Display(ascii=True, links=False))
        assert links == set()
        assert "www.example.org" in text
        links, _ = await _links_shown(catalog, source, Display(ascii=True))
        assert links == set()  # ASCII mode alone turns them off
    finally:
        BijieApp(catalog)  # back to the default display for the tests that follow
