"""`aod about` says where to watch: the Netflix title page (its sourced id) and the audio the
sources confirm; no source lists subtitles, and it says so."""

from __future__ import annotations

from .support.helpers import ok


def test_about_gives_the_netflix_title_link_and_the_confirmed_audio() -> None:
    page = ok("about").stdout
    assert "Where to watch: Netflix — https://www.netflix.com/title/81237994" in page
    assert "Korean (original), English (dub)" in page and "Subtitles:      no source lists them" in page
    watch = ok("about", "--json").json()["show"]["watch"]
    assert watch["title_id"] == "81237994" and watch["sources"] == ["S120"]
    assert [(a["lang"], a["kind"]) for a in watch["audio"]] == [("ko", "original"), ("en", "dub")]
    assert "[S72]" in ok("about", "--sources").stdout


def test_where_to_watch_in_korean() -> None:
    page = ok("about", env={"AOD_LANG": "ko"}).stdout
    assert "netflix.com/title/81237994" in page and "한국어 (원어), 영어 (더빙)" in page
