"""`aod about`: the show's titles, the webtoon, the seasons, the sources."""

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
