"""Netflix: the full data download's ViewingActivity.csv and the activity page's NetflixViewingHistory.csv."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..support.helpers import fails, ok
from ..support.import_support import FIX, imported, local_midnight, snapshot, store_events, utc, views, zip_of

REPORT = FIX / "netflix-report"
ACTIVITY = REPORT / "CONTENT_INTERACTION" / "ViewingActivity.csv"
HEADER = (
    "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,Bookmark,"
    "Latest Bookmark,Country\r\n"
)
MINA = [
    ("s01e01", utc("2022-01-28T12:10:00"), False),
    ("s01e02", utc("2022-01-28T13:20:00"), False),
    ("s01e03", utc("2022-01-29T11:00:00"), False),  # two sessions of one day, added up
    ("s01e04", utc("2022-01-30T12:00:00"), False),  # the day before: 12 min, started, not finished
    ("s01e06", utc("2022-01-31T12:00:00"), False),  # 20 min, but the bookmark is at 65 of 66 min
    ("s01e01", utc("2022-02-14T12:00:00"), True),
]


def activity(tmp_path: Path, rows: list[str], name: str = "ViewingActivity.csv") -> Path:
    file = tmp_path / name
    file.write_bytes(("\ufeff" + HEADER + "".join(r + "\r\n" for r in rows)).encode("utf-8"))
    return file


# ---------------------------------------------------------------- ViewingActivity.csv


@pytest.mark.parametrize("form", ["folder", "zip", "file", "subfolder"])
def test_the_full_download_in_every_form(form: str, tmp_path: Path) -> None:
    source = {
        "folder": REPORT,
        "zip": zip_of(REPORT, tmp_path / "netflix-report.zip", prefix="netflix-report/"),
        "file": ACTIVITY,
        "subfolder": REPORT / "CONTENT_INTERACTION",
    }[form]
    result = imported(str(source), "--source-profile", "Mina", "--dry-run")
    assert result["format"] == "netflix-activity"
    assert views(result) == sorted(MINA, key=lambda v: (v[1], v[0]))


def test_several_profiles_stop_and_are_listed_with_their_rows(tmp_data: Path) -> None:
    err = fails(2, "import", str(REPORT)).stderr
    assert "has 2 Netflix profiles with rows of this show: 'Jun' (2 rows of this show), 'Mina' (11 rows" in err
    assert "--source-profile NAME" in err and "--all-profiles" in err
    assert not (tmp_data / "store.json").exists()


def test_one_profile_into_the_profile_in_use_and_the_rest_counted() -> None:
    ok("profile", "add", "me")
    result = imported(str(REPORT), "--source-profile", "jun", "--profile", "me")  # case-insensitive
    assert result["profile"] == "me" and result["imports"][0]["source_profile"] == "Jun"
    assert views(result) == [("s01e01", utc("2022-02-01T20:00:00"), False)]
    assert result["ignored"] == {"other_profiles": 16, "other_titles": 1, "started_not_finished": 1}
    assert [p["code"] for p in result["started_not_finished"]] == ["S01E02"]
    assert "no such Netflix profile ('Jun'" in fails(2, "import", str(REPORT), "--source-profile", "Bob").stderr


def test_all_profiles_go_into_profiles_of_their_names_created_once(tmp_data: Path) -> None:
    result = imported(str(REPORT), "--all-profiles")
    assert [(i["profile"], i["added"]) for i in result["imports"]] == [("Jun", 1), ("Mina", 6)]
    names = [p["name"] for p in ok("profile", "list", "--json").json()["profiles"]]
    assert {"Jun", "Mina"} <= set(names)
    assert [(e["episode"], e["at"], e["rewatch"]) for e in store_events(tmp_data, "Mina")] == MINA
    before = snapshot(tmp_data)
    again = imported(str(REPORT), "--all-profiles")
    assert (again["added"], again["already_present"]) == (0, 7)
    assert snapshot(tmp_data) == before  # idempotent: nothing written
    assert "--all-profiles imports each" in fails(2, "import", str(REPORT), "--all-profiles", "--profile", "x").stderr


def test_all_profiles_maps_names_aod_cannot_take_and_says_how(tmp_path: Path, tmp_data: Path) -> None:
    rows = [
        f"{name},2022-01-28 12:10:00,01:05:40,,All of Us Are Dead: Season 1: Episode 1 (Episode 1),,TV,,,KR"
        for name in ("Brother & Wife", "Mom & Dad", "Ziomeczki :)", "Wojtuś", ".", "mina", "Mina")
    ]
    ok("profile", "add", "MINA")
    result = imported(str(activity(tmp_path, rows)), "--all-profiles")
    named = [(i["source_profile"], i["profile"]) for i in result["imports"]]
    assert named == [
        ("Brother & Wife", "Brother-Wife"),
        ("Mom & Dad", "Mom-Dad"),
        ("Ziomeczki :)", "Ziomeczki"),
        ("Wojtuś", "Wojtuś"),
        (".", "profile"),
        ("mina", "MINA"),  # the aod profile of that name, matched ignoring case
        ("Mina", "Mina-2"),  # two Netflix profiles never go into one aod profile
    ]
    out = ok("import", str(activity(tmp_path, rows, "again.csv")), "--all-profiles", "--dry-run").stdout
    assert "to profile Brother-Wife from Netflix profile 'Brother & Wife'" in out


def test_the_dry_run_lists_what_would_be_marked_and_what_was_left_out() -> None:
    out = ok("import", str(REPORT), "--source-profile", "Mina", "--dry-run").stdout
    assert "Would add 6 viewings of 5 episodes to profile default from Netflix profile 'Mina'; 0 already there." in out
    assert "S01E03\t2022-01-29 11:00\tfirst" in out.replace(_local("2022-01-29T11:00:00"), "2022-01-29 11:00")
    assert "Started, not finished (not marked)" in out and "12 of 71 min" in out and "10 of 56 min" in out
    assert "45 of 66 min" not in out
    assert "S02E01 is not in this show's data" in out
    assert "Left out: trailers, teasers and other extras: 3" in " ".join(out.split())  # Behind the Scenes too
    result = imported(str(REPORT), "--source-profile", "Mina", "--dry-run")
    assert result["ignored"] == {
        "extras": 3,
        "not_placed": 1,
        "other_profiles": 3,
        "other_titles": 2,
        "started_not_finished": 2,
    }
    partial = {(p["code"], p["watched_minutes"], p["runtime"]) for p in result["started_not_finished"]}
    assert partial == {("S01E04", 12.0, 71), ("S01E05", 10.0, 56)}  # S01E06's 45 min: the start of its viewing


def _local(iso: str) -> str:
    from aodcli.timefmt import local_text

    return local_text(utc(iso))


def test_short_sessions_of_one_day_add_up_and_those_of_two_days_do_not(tmp_path: Path) -> None:
    title = "All of Us Are Dead: Season 1: Episode 10 (Episode 10)"  # 53 min: 80% is 42.4 min
    rows = [
        f"Mina,2022-02-03 12:00:00,00:20:00,,{title},,TV,,,KR",
        f"Mina,2022-02-03 13:00:00,00:23:00,,{title},,TV,,,KR",  # 43 min in all: watched, at 12:00
        f"Mina,2022-02-04 12:00:00,00:30:00,,{title},,TV,,,KR",
        f"Mina,2022-02-05 12:00:00,00:30:00,,{title},,TV,,,KR",  # 30 + 30 on two days: neither
    ]
    result = imported(str(activity(tmp_path, rows)))
    assert views(result) == [("s01e10", utc("2022-02-03T12:00:00"), False)]
    assert [p["watched_minutes"] for p in result["started_not_finished"]] == [30.0, 30.0]
    assert ok("progress", "--json").json()["watched"] == 1


def test_rows_it_cannot_read_are_listed_never_marked(tmp_path: Path) -> None:
    title = "All of Us Are Dead: Season 1: Episode 2 (Episode 2)"
    rows = [
        f"Mina,yesterday,01:10:00,,{title},,TV,,,KR",
        f"Mina,2022-02-03 12:00:00,ages,,{title},,TV,,,KR",
        f"Mina,2099-01-01 12:00:00,01:10:00,,{title},,TV,,,KR",
        f"Mina,2021-01-01 12:00:00,01:10:00,,{title},,TV,,,KR",
    ]
    result = imported(str(activity(tmp_path, rows)))
    assert result["added"] == 0
    reasons = sorted(u["reason"] for u in result["not_placed"])
    assert reasons[2:] == ["unreadable duration 'ages'", "unreadable start time 'yesterday'"]
    assert reasons[:2] == [
        "dated 2021-01-01, before S01E02 was released (2022-01-28)",
        "dated 2099-01-01 12:00 UTC, in the future",
    ]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    file = tmp_path / "ViewingActivity.csv"
    file.write_text("Profile Name,Start Time,Title\nMina,2022-01-28 12:00:00,x\n", encoding="utf-8")
    assert "a Netflix ViewingActivity.csv without the column Duration" in fails(1, "import", str(file)).stderr


def test_control_characters_from_the_file_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = "\x1b]0;pwned\x07"
    rows = [
        f"Mina{evil},2022-01-28 12:10:00,01:05:40,,All of Us Are Dead: Season 1: Bonus{evil},,TV,,,KR",
        "Jun\u202e,2022-01-28 12:10:00,01:05:40,,All of Us Are Dead: Season 1: Episode 1 (Episode 1),,TV,,,KR",
    ]
    file = activity(tmp_path, rows)
    err = fails(2, "import", str(file)).stderr
    assert "\x1b" not in err and "\u202e" not in err and "\\x1b]0;pwned\\x07" in err
    run = ok("import", str(file), "--source-profile", f"Mina{evil}", "--dry-run")
    assert "\x1b" not in run.stdout and "\\x1b]0;pwned\\x07" in run.stdout
    result = imported(str(file), "--source-profile", f"Mina{evil}", "--dry-run")
    assert "\x1b" not in str(result) and "\x07" not in str(result)


# ---------------------------------------------------------------- NetflixViewingHistory.csv


def test_us_dates_month_first_found_from_the_whole_file() -> None:
    result = imported(str(FIX / "NetflixViewingHistory-us.csv"))
    assert result["format"] == "netflix-history"
    assert views(result) == [
        ("s01e01", local_midnight("2022-01-28"), False),
        ("s01e01", local_midnight("2022-01-29"), True),
        ("s01e02", local_midnight("2022-01-29"), False),
        ("s01e03", local_midnight("2022-01-30"), False),
        ("s01e04", local_midnight("2022-02-13"), False),
    ]
    assert result["ignored"] == {"duplicates": 1, "other_titles": 3}
    again = imported(str(FIX / "NetflixViewingHistory-us.csv"))
    assert (again["added"], again["already_present"]) == (0, 5)


def test_day_first_dates_and_series_for_season() -> None:
    result = imported(str(FIX / "NetflixViewingHistory-gb.csv"))
    assert views(result) == [
        ("s01e01", local_midnight("2022-01-29"), False),
        ("s01e02", local_midnight("2022-01-30"), False),
    ]


def test_korean_titles_and_dates() -> None:
    result = imported(str(FIX / "NetflixViewingHistory-ko.csv"))
    assert [v[0] for v in views(result)] == ["s01e01", "s01e02", "s01e03"]
    assert views(result)[2][1] == local_midnight("2022-02-01")
    assert result["not_placed"] == [] and result["ignored"]["extras"] == 1  # 지금 우리 학교는: 시즌 1: 예고편


def test_the_pack_s_other_titles_name_the_show_too(tmp_path: Path) -> None:
    file = tmp_path / "h.csv"
    file.write_text(
        'Title,Date\n"Jigeum Woori Hakkyoneun: Season 1: Episode 5","2022-02-02"\n'
        '"Now at Our School: Season 1: Episode 6","2022-02-03"\n',
        encoding="utf-8",
    )
    assert [v[0] for v in views(imported(str(file)))] == ["s01e05", "s01e06"]


def test_truly_ambiguous_dates_ask_for_the_order(tmp_data: Path) -> None:
    file = str(FIX / "NetflixViewingHistory-ambiguous.csv")
    err = fails(2, "import", file).stderr
    assert "read as day/month/year or month/day/year" in err and "--date-order dmy or --date-order mdy" in err
    assert not (tmp_data / "store.json").exists()
    mdy = imported(file, "--date-order", "mdy", "--dry-run")
    assert [v[1] for v in views(mdy)] == [local_midnight("2022-02-03"), local_midnight("2022-03-04")]
    dmy = imported(file, "--date-order", "dmy", "--dry-run")
    assert [v[1] for v in views(dmy)] == [local_midnight("2022-03-02"), local_midnight("2022-04-03")]


def test_a_date_the_same_in_every_order_needs_no_question(tmp_path: Path) -> None:
    file = tmp_path / "h.csv"
    file.write_text('Title,Date\n"All of Us Are Dead: Season 1: Episode 1","2/2/22"\n', encoding="utf-8")
    assert views(imported(str(file))) == [("s01e01", local_midnight("2022-02-02"), False)]


def test_dates_that_follow_no_single_order_are_refused(tmp_path: Path) -> None:
    file = tmp_path / "h.csv"
    file.write_text(
        'Title,Date\n"All of Us Are Dead: Season 1: Episode 1","1/30/22"\n'
        '"All of Us Are Dead: Season 1: Episode 2","30/1/22"\n',
        encoding="utf-8",
    )
    assert "do not all read in one order" in fails(2, "import", str(file)).stderr


def test_the_history_file_in_a_zip(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIX / "NetflixViewingHistory-us.csv", folder / "NetflixViewingHistory.csv")
    assert imported(str(zip_of(folder, tmp_path / "h.zip")))["added"] == 5


@pytest.fixture
def tmp_data(tmp_path: Path) -> Path:
    return tmp_path / "aod-data"
