"""`aod about`: the show's titles, the webtoon, the seasons, the sources, where to watch."""

from __future__ import annotations

from ..support.helpers import ok


def test_about_json_has_korean_title_and_webtoon():
    data = ok("about", "--json").json()
    assert data["title"]["ko"] == "지금 우리 학교는"
    assert data["webtoon"]["author_name"] == "Joo Dong-geun"
    assert data["webtoon"]["platform"] == "Naver Webtoon"
    s2 = next(s for s in data["seasons"] if s["number"] == 2)
    assert s2["status"] == "post-production" and s2["release_date"] is None


def test_about_sources_lists_keys():
    out = ok("about", "--sources").stdout
    assert "S117" in out and "seed" in out


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
