"""Trakt: a history export (API item format), alone, zipped or a family's; and `aod export --format trakt`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..support.helpers import fails, ok
from ..support.import_support import FIX, imported, snapshot, store_events, utc, views, zip_bytes, zip_of

TRAKT = FIX / "trakt"
FAMILY = FIX / "trakt-family"
MINA = [
    ("s01e01", utc("2022-01-29T13:00:00"), False),  # IMDb id
    ("s01e02", utc("2022-01-29T14:03:00"), False),
    ("s01e03", utc("2022-01-30T20:00:00"), False),  # no IMDb id: the TMDB id
    ("s01e04", utc("2022-01-31T20:00:00"), False),  # no ids: title and year
    ("s01e12", None, False),  # watched_at "unknown"
]


@pytest.mark.parametrize("form", ["file", "folder", "zip", "stdin"])
def test_a_history_alone_in_a_folder_or_zipped(form: str, tmp_path: Path) -> None:
    from ..support.helpers import aod

    if form == "stdin":
        run = aod("import", "-", "--json", input=(TRAKT / "watched-history.json").read_text(encoding="utf-8"))
        result = run.json()
    else:
        source = {
            "file": TRAKT / "watched-history.json",
            "folder": TRAKT,
            "zip": zip_of(TRAKT, tmp_path / "trakt-export-mina.zip"),
        }[form]
        result = imported(str(source))
    assert result["format"] == "trakt"
    assert views(result) == MINA


def test_other_shows_films_and_episodes_aod_does_not_have() -> None:
    result = imported(str(TRAKT), "--dry-run")
    # Squid Game, Train to Busan, and a 2015 "All of Us Are Dead" whose IMDb id is another
    assert result["ignored"] == {"other_titles": 3, "not_placed": 1}
    assert result["not_placed"][0]["reason"] == "S01E13 is not in this show's data"
    assert result["not_placed"][0]["where"].endswith("watched-history.json, item 1")


def test_idempotent_and_the_unknown_time_kept_unknown(tmp_data: Path) -> None:
    imported(str(TRAKT))
    before = snapshot(tmp_data)
    again = imported(str(TRAKT))
    assert (again["added"], again["already_present"]) == (0, 5)
    assert snapshot(tmp_data) == before
    assert ok("stats", "--json").json()["viewings_time_unknown"] == 1


def test_a_family_s_exports_are_profiles(tmp_data: Path, tmp_path: Path) -> None:
    err = fails(2, "import", str(FAMILY)).stderr
    assert "has 2 Trakt users with rows of this show: 'jun' (3 rows of this show), 'mina' (2 rows of this show)" in err
    result = imported(str(zip_of(FAMILY, tmp_path / "family.zip")), "--all-profiles")
    assert {i["profile"]: (i["added"], i["already_present"]) for i in result["imports"]} == {
        "mina": (2, 0),
        "jun": (2, 0),
    }
    assert result["ignored"] == {"duplicates": 1}  # item 201 is on both of jun's pages
    assert [e["episode"] for e in store_events(tmp_data, "jun")] == ["s01e01", "s01e02"]


def test_user_profile_json_names_the_user(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    for user, slug in (("a", "first-user"), ("b", "second-user")):
        (folder / user).mkdir(parents=True)
        (folder / user / "watched-history.json").write_bytes(
            (FAMILY / "trakt-export-mina" / "watched-history.json").read_bytes()
        )
        (folder / user / "user-profile.json").write_text(json.dumps({"username": slug}), encoding="utf-8")
    result = imported(str(folder), "--source-profile", "second-user", "--dry-run")
    assert result["imports"][0]["source_profile"] == "second-user"


def test_export_trakt_round_trips_through_import(tmp_path: Path) -> None:
    ok("watch", "1-3")
    ok("watch", "2", "--rewatch", "--at", "2026-01-02T10:00Z")
    ok("watch", "4", "--at", "unknown")
    ok("note", "1", "not exported: Trakt's history has plays only")
    text = ok("export", "--format", "trakt").stdout
    items = json.loads(text)
    assert len(items) == 5
    assert {i["type"] for i in items} == {"episode"} and {i["action"] for i in items} == {"watch"}
    assert items[0]["show"]["ids"]["imdb"] == "tt14169960" and items[0]["show"]["ids"]["tmdb"] == 99966
    assert items[0]["watched_at"] == "2026-01-02T10:00:00.000Z" and items[-1]["watched_at"] == "unknown"
    file = tmp_path / "trakt.json"
    file.write_text(text, encoding="utf-8")
    mine = imported(str(file))
    assert (mine["added"], mine["already_present"]) == (0, 5)  # the same viewings, already there
    ok("profile", "add", "copy")
    copy = imported(str(file), "--profile", "copy")
    assert copy["added"] == 5
    original = ok("progress", "--json").json()
    copied = ok("progress", "--json", "--profile", "copy").json()
    for key in ("watched", "minutes_watched", "minutes_rewatched"):
        assert original[key] == copied[key]
    assert _plays("copy") == _plays("default")  # the same plays; the ids are each event's own


def _plays(profile: str) -> list[dict[str, object]]:
    items = json.loads(ok("export", "--format", "trakt", "--profile", profile).stdout)
    return [{k: v for k, v in item.items() if k != "id"} for item in items]


def test_export_trakt_to_a_file_and_format_errors(tmp_path: Path) -> None:
    ok("watch", "1")
    run = ok("export", "--format", "trakt", "-o", str(tmp_path / "t.json"))
    assert "Exported 1 viewing of profile default" in run.stderr
    assert "two formats" in fails(2, "export", "--json", "--format", "trakt").stderr
    assert "use json, csv or trakt" in fails(2, "export", "--format", "xml").stderr


def test_a_json_list_that_is_no_history_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "x.json"
    file.write_text('[{"rated_at": "2022-01-29T15:00:00.000Z", "rating": 9}]', encoding="utf-8")
    assert "a JSON list, but neither a Trakt history" in fails(1, "import", str(file)).stderr
    file.write_bytes(zip_bytes({"lists-watchlist.json": b"[]", "notes.txt": b"x"}))
    assert "no viewing history aod reads" in fails(1, "import", str(file)).stderr


@pytest.fixture
def tmp_data(tmp_path: Path) -> Path:
    return tmp_path / "aod-data"


def test_a_folder_of_zipped_exports_says_to_unzip_them(tmp_path: Path) -> None:
    zip_of(FAMILY / "trakt-export-mina", tmp_path / "trakt-export-mina.zip")
    zip_of(FAMILY / "trakt-export-jun", tmp_path / "trakt-export-jun.zip")
    assert "it holds 2 zip files: import each zip, or unzip them" in fails(1, "import", str(tmp_path)).stderr


def _history(tmp_path: Path, **episode: object) -> Path:
    item = json.loads((TRAKT / "watched-history.json").read_text(encoding="utf-8"))[4]  # S01E03, by TMDB id
    item["episode"].update(episode.pop("episode", {}))
    item.update(episode)
    file = tmp_path / "watched-history.json"
    file.write_text(json.dumps([item]), encoding="utf-8")
    return file


def test_the_export_s_1970_date_is_a_watch_of_unknown_time(tmp_path: Path) -> None:
    """Trakt's export writes a play of unknown date as the Unix epoch (its API says "unknown")."""
    result = imported(str(_history(tmp_path, watched_at="1970-01-01T00:00:00.000Z")), "--dry-run")
    assert views(result) == [("s01e03", None, False)] and result["not_placed"] == []


def test_a_season_or_episode_that_is_no_whole_number_says_so_in_words(tmp_path: Path) -> None:
    for season, number, reason in (
        (1.0, 1.9, "the season must be a whole number (it is written with a fraction)"),
        (1, True, "the episode number must be a whole number, not a boolean"),
        (1, None, "no episode number"),
        (10**20, 1, "the season is out of range"),
    ):
        result = imported(str(_history(tmp_path, episode={"season": season, "number": number})), "--dry-run")
        assert [u["reason"] for u in result["not_placed"]] == [reason]
        assert result["not_placed"][0]["title"] == "All of Us Are Dead"  # never "1.0x1.9" or "1xTrue"


def test_an_unreadable_watched_at_is_described_not_dumped(tmp_path: Path) -> None:
    result = imported(str(_history(tmp_path, watched_at=True)), "--dry-run")
    assert [u["reason"] for u in result["not_placed"]] == ["unreadable watched_at (a boolean)"]
