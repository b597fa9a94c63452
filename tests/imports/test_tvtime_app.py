"""TV Time's app export: tvtime-series-episodes.csv and tvtime-series.json, alone, in a folder or zipped.

The fixture (``tests/fixtures/imports/tvtime-app/``) is one export as the
export tools wrote it: the episodes CSV and the series JSON hold the same
episodes; the films, the list of shows and the lists hold none.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.errors import AodError
from aodcli.importers import detect
from aodcli.pack import load_pack

from ..support.helpers import BUNDLED, copy_pack, edit_json, fails, ok
from ..support.import_support import FIX

APP = FIX / "tvtime-app"
EPISODES = APP / "tvtime-series-episodes-2026-07-10.csv"
SERIES = APP / "tvtime-series-2026-07-10.json"
HEADER = (
    "series_tvdb_id,series_imdb_id,series_uuid,title,season,episode,tvdb_id,is_watched,watched_at,rewatch_count,special"
)
PACK = load_pack()
#: What the fixture holds of this show: (episode, at, rewatch). S01E01 and S01E05 have
#: rewatches (of unknown time), S01E03 was watched with no time, S00E01 is a special.
TIMED = [
    ("s01e01", "2022-01-29T14:03:12Z", False),
    ("s01e02", "2022-01-29T15:20:40Z", False),
    ("s01e04", "2022-01-31T13:00:00Z", False),
    ("s01e05", "2022-02-01T21:00:00Z", False),
]


def imported(*args: str) -> dict[str, Any]:
    return ok("import", *args, "--json").json()


def views(result: dict[str, Any]) -> list[tuple[str, str | None, bool]]:
    """(episode, at, rewatch) of the events an import added, by time (unknown last)."""
    return sorted(((e["episode"], e["at"], e["rewatch"]) for e in result["events"]), key=lambda v: (v[1] or "~", v[0]))


def zipped(folder: Path, dest: Path, names: list[str] | None = None) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            if names is None or file.name in names:
                archive.write(file, "tvtime-export/" + file.name)
    return dest


def csv_file(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    file = tmp_path / "tvtime-series-episodes.csv"
    file.write_text("\r\n".join([header, *rows]), encoding="utf-8")
    return file


def reading_of(path: Path) -> Any:
    return detect.read(detect.from_bytes(path.read_bytes(), path.name), PACK, None)


# ---------------------------------------------------------------- the export


def test_the_episodes_csv_alone_gives_the_viewings_with_their_times(tmp_path: Path) -> None:
    result = imported(str(EPISODES), "--dry-run")
    assert result["format"] == "tvtime-app"
    assert [v for v in views(result) if v[1]] == TIMED
    unknown = [v for v in views(result) if v[1] is None]
    assert ("s01e03", None, False) in unknown and ("s01e01", None, True) in unknown
    # Kingdom (2 rows) and Love, Death & Robots; S01E06-E12 not watched; S00E01 a special
    assert result["ignored"] == {"other_titles": 3, "not_viewings": 7, "not_placed": 1}
    assert result["not_placed"][0]["reason"] == "S00E01 is not in this show's data"
    assert result["not_placed"][0]["where"].endswith("tvtime-series-episodes-2026-07-10.csv, line 2")


def test_the_series_json_gives_the_same_viewings_as_the_csv() -> None:
    from_json, from_csv = imported(str(SERIES), "--dry-run"), imported(str(EPISODES), "--dry-run")
    assert from_json["format"] == "tvtime-app"
    assert views(from_json) == views(from_csv)
    assert from_json["not_placed"][0]["where"].endswith("tvtime-series-2026-07-10.json, show 1")


def test_the_whole_export_as_a_folder_or_zip_imports_each_viewing_once(tmp_path: Path) -> None:
    alone = views(imported(str(EPISODES), "--dry-run"))
    for source in (APP, zipped(APP, tmp_path / "tvtime-export.zip")):
        result = imported(str(source), "--dry-run")
        assert result["format"] == "tvtime-app" and views(result) == alone
        assert result["ignored"]["duplicates"] == 8  # the JSON's 8 viewings, already read from the CSV


def test_a_folder_of_only_its_json_is_tv_time_not_trakt(tmp_path: Path) -> None:
    """tvtime-movies.json has watched_at too: it once made the folder a Trakt history that imported nothing."""
    names = [SERIES.name, "tvtime-movies-2026-07-10.json", "tvtime-lists-2026-07-10.json"]
    folder = tmp_path / "json-only"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((APP / name).read_bytes())
    for source in (folder, zipped(APP, tmp_path / "json.zip", names)):
        result = imported(str(source), "--dry-run")
        assert result["format"] == "tvtime-app" and result["added"] >= 5


def test_the_movies_json_alone_is_not_read_as_a_trakt_history(tmp_path: Path) -> None:
    folder = tmp_path / "films"
    folder.mkdir()
    (folder / "tvtime-movies.json").write_bytes((APP / "tvtime-movies-2026-07-10.json").read_bytes())
    assert "no viewing history aod reads is in it" in fails(1, "import", str(folder)).stderr


def test_importing_again_adds_nothing() -> None:
    first = imported(str(APP))
    again = imported(str(APP))
    assert again["added"] == 0 and again["already_present"] == first["added"] + first["already_present"]


def test_the_other_files_alone_say_what_they_hold_and_what_to_import() -> None:
    for name, what in (
        ("tvtime-movies-2026-07-10.json", "TV Time's list of films (tvtime-movies.json)"),
        ("tvtime-movies-2026-07-10.csv", "TV Time's list of films (tvtime-movies.csv)"),
        ("tvtime-series-2026-07-10.csv", "TV Time's list of shows (tvtime-series.csv)"),
        ("tvtime-lists-2026-07-10.json", "TV Time's lists (tvtime-lists.json)"),
    ):
        err = fails(1, "import", str(APP / name)).stderr
        assert what in err and "no viewings of episodes in it; import tvtime-series-episodes.csv" in err


# ---------------------------------------------------------------- the rules


def test_rewatch_count_is_that_many_more_viewings_of_unknown_time(tmp_path: Path) -> None:
    file = csv_file(tmp_path, "392294,,u,All of Us Are Dead,1,7,1,true,2022-02-02 20:00:00,3,false")
    found = [(v.episode, v.at) for v in reading_of(file).viewings]
    assert found == [("s01e07", datetime(2022, 2, 2, 20, tzinfo=timezone.utc))] + [("s01e07", None)] * 3


def test_every_rewatch_of_unknown_time_is_marked_and_matched_by_count_on_a_second_import(tmp_path: Path) -> None:
    file = csv_file(tmp_path, "392294,,u,All of Us Are Dead,1,7,1,true,2022-02-02 20:00:00,3,false")
    first = imported(str(file))
    assert [v[:2] for v in views(first)] == [("s01e07", "2022-02-02T20:00:00Z")] + [("s01e07", None)] * 3
    ok("watch", "s1e7", "--at", "unknown", "--rewatch")  # a fifth viewing, of unknown time, made in aod
    again = imported(str(file))
    assert (again["added"], again["already_present"]) == (0, 4)


def test_watched_at_empty_takes_watch_date_range_key_else_the_time_is_unknown(tmp_path: Path) -> None:
    file = csv_file(
        tmp_path,
        "392294,,u,All of Us Are Dead,1,1,1,true,,0,false,watch-date-1643465000",
        "392294,,u,All of Us Are Dead,1,2,1,true,,0,false,watch-date-2022-01-30",
        "392294,,u,All of Us Are Dead,1,3,1,true,,0,false,",
        "392294,,u,All of Us Are Dead,1,4,1,true,1970-01-01 00:00:00,0,false,",
        header=HEADER + ",watch_date_range_key",
    )
    assert views(imported(str(file), "--dry-run")) == [
        ("s01e01", "2022-01-29T14:03:20Z", False),
        ("s01e02", "2022-01-30T00:00:00Z", False),
        ("s01e03", None, False),
        ("s01e04", None, False),  # the Unix epoch: a tool's "no time"
    ]


def test_the_show_is_matched_by_name_in_any_of_its_titles(tmp_path: Path) -> None:
    file = csv_file(
        tmp_path,
        ",,u,지금 우리 학교는,1,1,1,true,2022-01-29 14:00:00,0,false",
        ",,u,ALL OF US ARE DEAD (2022),1,2,1,true,2022-01-29 15:00:00,0,false",
        ",,u,All of Us Are Dead 2,1,3,1,true,2022-01-29 16:00:00,0,false",
    )
    result = imported(str(file), "--dry-run")
    assert [v[0] for v in views(result)] == ["s01e01", "s01e02"] and result["ignored"] == {"other_titles": 1}


def test_the_show_is_matched_by_imdb_id_before_its_name(tmp_path: Path) -> None:
    file = csv_file(
        tmp_path,
        ",tt14169960,u,Estamos muertos (TV Time's Spanish title),1,1,1,true,2022-01-29 14:00:00,0,false",
        ",tt0000001,u,All of Us Are Dead,1,2,1,true,2022-01-29 15:00:00,0,false",  # another show of that name
    )
    result = imported(str(file), "--dry-run")
    assert [v[0] for v in views(result)] == ["s01e01"] and result["ignored"] == {"other_titles": 1}


def test_the_show_is_matched_by_tvdb_id_when_the_pack_has_one(tmp_path: Path) -> None:
    pack = copy_pack(BUNDLED, tmp_path / "pack")
    edit_json(pack / "show.json", lambda doc: doc["external_ids"].update(tvdb=392294))
    file = csv_file(
        tmp_path,
        "392294,,u,Some localised title,1,1,1,true,2022-01-29 14:00:00,0,false",
        "111111,,u,All of Us Are Dead,1,2,1,true,2022-01-29 15:00:00,0,false",  # another id: another show
        ",,u,All of Us Are Dead,1,3,1,true,2022-01-29 16:00:00,0,false",  # no id: by name
    )
    result = imported(str(file), "--dry-run", "--show", str(pack))
    assert [v[0] for v in views(result)] == ["s01e01", "s01e03"] and result["ignored"] == {"other_titles": 1}
    by_name = imported(str(file), "--dry-run")  # the bundled pack has no TVDB id (yet): by name only
    assert [v[0] for v in views(by_name)] == ["s01e02", "s01e03"]


def test_rows_it_cannot_read_are_listed_not_placed_and_never_quoted_whole(tmp_path: Path) -> None:
    file = csv_file(
        tmp_path,
        "392294,,u,All of Us Are Dead,1,1,1,maybe,,0,false",
        "392294,,u,All of Us Are Dead,1,2,1,true,last tuesday,0,false",
        "392294,,u,All of Us Are Dead,1,3,1,true,,lots,false",
        "392294,,u,All of Us Are Dead,1,4,1,true,,500,false",
        "392294,,u,All of Us Are Dead,1.5,5,1,true,,0,false",
        "392294,,u,All of Us Are Dead,1,13,1,true,,0,false",
        "392294,,u,All of Us Are Dead,1,6,1,true," + "9" * 4000 + ",0,false",
    )
    result = imported(str(file), "--dry-run")
    assert result["added"] == 0
    reasons = [u["reason"] for u in result["not_placed"]]
    assert reasons[:6] == [
        "is_watched is neither true nor false (a string)",
        "unreadable watched_at ('last tuesday')",
        "unreadable rewatch_count (a string)",
        "rewatch_count 500 is more than aod takes from one row (99)",
        "no season or episode number (whole numbers)",
        "S01E13 is not in this show's data",
    ]
    assert reasons[6].startswith("unreadable watched_at ('999") and len(reasons[6]) < 60


def test_a_csv_without_the_episode_columns_names_what_it_lacks() -> None:
    data = b"series_tvdb_id,title,season,ep,is_watched\r\n392294,All of Us Are Dead,1,1,true\r\n"
    found = detect.Found("tvtime-app", "x.csv", [detect.Part.of_bytes("x.csv", data)])
    with pytest.raises(AodError, match=r"x\.csv: a TV Time file aod cannot read: no episode column"):
        detect.read(found, PACK, None)


# ---------------------------------------------------------------- the property

TITLES = ["All of Us Are Dead", "지금 우리 학교는", "all of us are dead (2022)", "Kingdom", "Squid Game", ""]
TIMES = st.one_of(
    st.just(""),
    st.datetimes(min_value=datetime(2022, 1, 29), max_value=datetime(2026, 1, 1)).map(
        lambda d: d.replace(microsecond=0).isoformat(sep=" ")
    ),
    st.datetimes(min_value=datetime(2022, 1, 29), max_value=datetime(2026, 1, 1)).map(
        lambda d: d.replace(microsecond=0).isoformat() + "Z"
    ),
)
ROWS = st.lists(
    st.tuples(
        st.sampled_from(TITLES),
        st.integers(0, 2),  # season (0: specials, 2: not in the data)
        st.integers(1, 14),  # episode (13, 14: not in the data)
        st.booleans(),  # is_watched
        TIMES,
        st.integers(0, 3),  # rewatch_count
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(rows=ROWS, as_json=st.booleans())
def test_random_rows_place_exactly_the_episodes_they_say(rows: list[tuple[Any, ...]], as_json: bool) -> None:
    data = _as_json(rows) if as_json else _as_csv(rows)
    found = detect.from_bytes(data, "tvtime-series-episodes.csv")
    assert found.kind == ("tvtime-app" if rows or not as_json else "trakt")  # [] is an empty Trakt page
    reading = detect.read(found, PACK, None)
    expected: dict[tuple[str, int], datetime | None] = {}
    for title, season, number, watched, at, more in rows:
        ep = PACK.episode_at(season, number)
        ours = title in TITLES[:3]
        if not (ours and watched and ep is not None):
            continue
        stamp = datetime.fromisoformat(at.rstrip("Z")).replace(tzinfo=timezone.utc) if at else None
        for n in range(1 + more):
            expected.setdefault((ep.id, n), stamp if n == 0 else None)
    got = {(v.episode, int(v.key.rsplit("\x1f", 1)[1])): v.at for v in reading.viewings}
    assert got == expected
    placed_or_not = len(reading.viewings) + len(reading.unplaced)
    assert placed_or_not + sum(reading.ignored.values()) >= len(rows)


def _as_csv(rows: list[tuple[Any, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER.split(","))
    for title, season, number, watched, at, more in rows:
        writer.writerow(["", "", "u", title, season, number, 1, "true" if watched else "false", at, more, "false"])
    return out.getvalue().encode()


def _as_json(rows: list[tuple[Any, ...]]) -> bytes:
    shows = []
    for title, season, number, watched, at, more in rows:  # one show per row: TV Time groups them, aod need not
        episode = {"id": {"tvdb": 1, "imdb": None}, "number": number, "name": "", "special": season == 0}
        episode |= {"is_watched": watched, "watched_at": at or None, "rewatch_count": more}
        shows.append({"uuid": "u", "id": {"tvdb": None, "imdb": None}, "title": title, "status": "up_to_date"})
        shows[-1]["seasons"] = [{"number": season, "is_specials": season == 0, "episodes": [episode]}]
    return json.dumps(shows).encode()
