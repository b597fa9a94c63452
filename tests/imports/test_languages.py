"""Imports of the files people really have: Netflix in every language, re-saved and oddly encoded files.

The rows are written here in the shapes real files have (the column names,
time and date forms, the show's localised titles and each language's season
and episode words); the language table in ``aodcli.importers.languages`` is
the source of the generated rows.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.importers.languages import LANGUAGES

from ..support.helpers import BUNDLED, REPO, fails, ok
from ..support.import_support import FIX

pytestmark = pytest.mark.heavy  # real processes or many runs: out of the quick tier

HEADER = (
    "Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,Bookmark,"
    "Latest Bookmark,Country"
)
SHOW = json.loads((BUNDLED / "show.json").read_text(encoding="utf-8"))
LOCAL_TITLES = {t["lang"]: t["value"] for t in SHOW["title"]["netflix"]}
EVERY_TITLE = [SHOW["title"]["en"], SHOW["title"]["ko"], *LOCAL_TITLES.values()]
RUNTIMES = {e["number"]: e["runtime"] for e in json.loads((BUNDLED / "episodes.json").read_text())["episodes"]}


def imported(*args: str) -> dict[str, Any]:
    return ok("import", *args, "--json").json()


def placed(result: dict[str, Any]) -> list[tuple[str | None, str]]:
    """(aod profile, episode) of every viewing an import added, sorted."""
    by_id = {}
    for imp in result["imports"]:
        by_id[imp["profile"]] = imp
    return sorted((result["profile"] if len(by_id) < 2 else None, e["episode"]) for e in result["events"])


def activity_file(path: Path, rows: list[tuple[str, str, str, str, str]], *, newline: str = "\r\n") -> Path:
    """A ViewingActivity.csv: rows of (profile, start, duration, title, bookmark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    out.write(HEADER + newline)
    for profile, start, duration, title, bookmark in rows:
        writer.writerow(
            [profile, start, duration, "", title, "", "Chrome PC (Cadmium)", bookmark, bookmark, "ES (Spain)"]
        )
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    return path


def hms(minutes: float) -> str:
    seconds = round(minutes * 60)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# ---------------------------------------------------------------- a family, each in a language


def test_a_family_account_in_eleven_languages_imports_every_profile() -> None:
    result = imported(str(FIX / "netflix-languages"), "--all-profiles", "--dry-run")
    got = {imp["source_profile"]: imp["added"] for imp in result["imports"]}
    episodes = {}
    for ev, imp in _events_by_profile(result):
        episodes.setdefault(imp, []).append(ev["episode"])
    assert episodes == {
        "Mamá": ["s01e01", "s01e02"],  # Spanish: Estamos muertos: Temporada 1: Episodio 1 (Capítulo 1)
        "Emre": ["s01e03"],  # Turkish: 1. Sezon: 3. Bölüm; its S01E04 was a 14-second skip to the end
        "Jana": ["s01e05"],  # Czech: 1. řada: 5. díl
        "Zsófi": ["s01e06"],  # Hungarian: 1. évad: 6. rész
        "민아": ["s01e07"],  # Korean: 시즌 1: 7화
        "Yui": ["s01e08"],  # Japanese: 今、私たちの学校は…: シーズン1: エピソード8
        "Giulia": ["s01e09"],  # Italian: Non siamo più vivi
        "Léa": ["s01e10"],  # French: "All of Us Are Dead : Saison 1 : Épisode 10"
        "Jonas": ["s01e11"],  # German: Staffel 1: Folge 11
        "Wei": ["s01e12"],  # Chinese: 殭屍校園：第 1 季：第 12 集
        "Olek": ["s01e01"],  # Polish: Sezon 1: Odcinek 1
    }
    assert sum(got.values()) == 12
    # trailers of every language (Tráiler, Kısa Video, 예고편, Extrait) are extras, never other shows
    assert result["ignored"] == {"extras": 4, "other_titles": 2, "started_not_finished": 1}
    assert [p["code"] for p in result["started_not_finished"]] == ["S01E04"]


def _events_by_profile(result: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Each added event with the source profile it came from (the import's JSON lists events in target order)."""
    out = []
    events = iter(result["events"])
    for imp in result["imports"]:
        for _ in range(imp["added"]):
            out.append((next(events), imp["source_profile"]))
    return out


def test_exactly_one_profile_with_the_show_is_imported_and_named(tmp_path: Path) -> None:
    rows = [
        ("Papá", "2022-02-01 20:00:00", "00:45:00", "La casa de papel: Parte 1: Episodio 1 (Capítulo 1)", "00:45:00"),
        ("Mamá", "2022-02-01 21:00:00", hms(66), "Estamos muertos: Temporada 1: Episodio 1 (Capítulo 1)", hms(66)),
        ("Niños", "2022-02-01 17:00:00", "00:20:00", "Peppa Pig: Temporada 1: Episodio 1 (Capítulo 1)", "00:20:00"),
    ]
    file = activity_file(tmp_path / "ViewingActivity.csv", rows)
    run = ok("import", str(file), "--dry-run")
    assert "Of the 3 Netflix profiles in" in run.stdout and "only 'Mamá' has rows of this show" in run.stdout
    result = imported(str(file))
    assert [(i["source_profile"], i["added"]) for i in result["imports"]] == [("Mamá", 1)]


def test_no_profile_with_the_show_says_there_is_nothing_of_it(tmp_path: Path, tmp_data: Path) -> None:
    rows = [
        ("Papá", "2022-02-01 20:00:00", "00:45:00", "La casa de papel: Parte 1: Episodio 1 (Capítulo 1)", "00:45:00"),
        ("Mamá", "2022-02-01 21:00:00", "00:50:00", "Wiedźmin: Sezon 1: Odcinek 1", "00:50:00"),
    ]
    run = ok("import", str(activity_file(tmp_path / "ViewingActivity.csv", rows)))
    assert "None of the 2 Netflix profiles in" in run.stdout and "Nothing to import" in run.stdout
    assert not (tmp_data / "store.json").exists()


# ---------------------------------------------------------------- every language of the table


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_each_language_places_episodes_and_trailers(lang: Any, tmp_path: Path) -> None:
    title = LOCAL_TITLES.get(lang.code, SHOW["title"]["en"])
    rows = [
        (
            "P",
            f"2022-02-{day:02d} 20:00:00",
            hms(RUNTIMES[n]),
            lang.sample.format(show=title, s=1, e=n),
            hms(RUNTIMES[n]),
        )
        for day, n in ((1, 1), (2, 12), (3, 7))
    ]
    rows.append(("P", "2022-02-04 20:00:00", "00:01:30", lang.trailer.format(show=title, s=1), "00:01:30"))
    result = imported(str(activity_file(tmp_path / "ViewingActivity.csv", rows)), "--dry-run")
    assert sorted(e["episode"] for e in result["events"]) == ["s01e01", "s01e07", "s01e12"]
    assert result["ignored"] == {"extras": 1}


@pytest.mark.parametrize(
    ("lang", "title", "dates"),
    [
        ("es", "Estamos muertos: Temporada 1: Episodio {e} (Capítulo {e})", ["29/1/22", "30/1/22", "13/2/22"]),
        ("tr", "All of Us Are Dead: 1. Sezon: {e}. Bölüm (Bölüm {e})", ["29.01.2022", "30.01.2022", "13.02.2022"]),
        ("cs", "All of Us Are Dead: 1. řada: {e}. díl", ["29. 1. 2022", "30. 1. 2022", "13. 2. 2022"]),
        ("hu", "All of Us Are Dead: 1. évad: {e}. rész", ["2022. 01. 29.", "2022. 01. 30.", "2022. 02. 13."]),
        ("ko", "지금 우리 학교는: 시즌 1: {e}화", ["22. 1. 29.", "22. 1. 30.", "22. 2. 13."]),
        ("ja", "今、私たちの学校は…: シーズン1: エピソード{e}", ["2022/01/29", "2022/01/30", "2022/02/13"]),
        ("it", "Non siamo più vivi: Stagione 1: Episodio {e}", ["29/01/22", "30/01/22", "13/02/22"]),
        ("de", "All of Us Are Dead: Staffel 1: Folge {e}", ["29.01.22", "30.01.22", "13.02.22"]),
        ("vi", "Ngôi trường xác sống: Mùa 1: Tập {e}", ["29/1/2022", "30/1/2022", "13/2/2022"]),
        ("ru", "Мы все мертвы: Сезон 1: Серия {e}", ["29.01.2022", "30.01.2022", "13.02.2022"]),
    ],
)
def test_the_viewing_history_page_in_each_language(lang: str, title: str, dates: list[str], tmp_path: Path) -> None:
    lines = ["Title,Date"]
    for e, day in zip((3, 2, 1), reversed(dates), strict=True):  # newest first, as Netflix writes it
        lines.append(f'"{title.format(e=e)}","{day}"')
    lines.append(f'"Squid Game: Season 1: Red Light, Green Light","{dates[0]}"')
    file = tmp_path / "NetflixViewingHistory.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = imported(str(file))
    got = sorted((e["episode"], e["at"][:10]) for e in result["events"])
    local = [_local_midnight_day(d) for d in ("2022-01-29", "2022-01-30", "2022-02-13")]
    assert got == list(zip(("s01e01", "s01e02", "s01e03"), local, strict=True))
    assert result["ignored"] == {"other_titles": 1}


def _local_midnight_day(day: str) -> str:
    return datetime.fromisoformat(day).astimezone().astimezone(timezone.utc).date().isoformat()


FORMS = {
    "iso": lambda d: d.strftime("%Y-%m-%d"),
    "us": lambda d: f"{d.month}/{d.day}/{d:%y}",
    "eu": lambda d: f"{d.day}/{d.month}/{d:%Y}",
    "dots": lambda d: f"{d:%d.%m.%Y}",
    "korean": lambda d: f"{d:%Y}. {d.month}. {d.day}.",
}


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(LANGUAGES),
            st.sampled_from(EVERY_TITLE),
            st.integers(1, 12),
            st.integers(0, 300),  # days after the release
            st.booleans(),  # a trailer instead
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(sorted(FORMS)),
)
def test_random_real_shaped_rows_place_exactly_their_episodes(rows: list[Any], form: str) -> None:
    """Any language's form, any title of the show, any date form: the viewings are the rows' episodes."""
    import tempfile

    lines, want = ["Title,Date"], set()
    for i, (lang, title, number, after, trailer) in enumerate(rows):
        day = date(2022, 1, 28) + timedelta(days=after + 13 * i % 7)
        text = lang.trailer.format(show=title, s=1) if trailer else lang.sample.format(show=title, s=1, e=number)
        if not trailer and all(f"s01e{number:02d}" != w[0] for w in want):
            want.add((f"s01e{number:02d}", None))
        lines.append(f'"{text}","{FORMS[form](day)}"')
    lines.append(
        f'"Squid Game: Season 1: Episode 3","{FORMS[form](date(2022, 12, 25))}"'
    )  # a day 25: the order is clear
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "NetflixViewingHistory.csv"
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = imported(str(file), "--dry-run")
    assert {e["episode"] for e in result["events"]} == {w[0] for w in want}
    assert result["not_placed"] == []


# ---------------------------------------------------------------- when a viewing counts


def test_a_skip_to_the_end_is_no_viewing_but_a_viewing_over_two_days_is(tmp_path: Path) -> None:
    e1, e2, e3 = (f"Estamos muertos: Temporada 1: Episodio {n} (Capítulo {n})" for n in (1, 2, 3))
    rows = [
        ("P", "2022-02-01 20:00:00", "00:00:12", e1, hms(66)),  # 12 s, bookmark at the end: a skip-through
        ("P", "2022-02-02 20:00:00", "00:40:00", e2, "00:40:00"),  # 40 of 70 min one night…
        ("P", "2022-02-03 20:00:00", "00:30:00", e2, hms(70)),  # …the rest the next: one viewing
        ("P", "2022-02-04 20:00:00", "00:20:00", e3, hms(62)),  # 20 of 62 min, bookmark at the end: not half
    ]
    result = imported(str(activity_file(tmp_path / "ViewingActivity.csv", rows)), "--dry-run")
    assert [(e["episode"], e["at"][:10]) for e in result["events"]] == [("s01e02", "2022-02-03")]
    assert sorted(p["code"] for p in result["started_not_finished"]) == ["S01E01", "S01E03"]
    assert result["ignored"]["started_not_finished"] == 2  # one per run, as the table lists them


# ---------------------------------------------------------------- files a spreadsheet re-saved


@pytest.mark.parametrize(
    ("stamps", "want"),
    [
        (["5/10/2022 20:47", "1/29/2022 9:03"], ["2022-01-29T09:03", "2022-05-10T20:47"]),  # 1/29: month first
        (["18.03.21 14:53", "29.01.22 9:03"], None),  # 2021: before the show, so not a viewing of it
        (["2022-01-29 9:03", "2022-02-03 21:15"], ["2022-01-29T09:03", "2022-02-03T21:15"]),
        (["2/3/22 2:28 PM", "29/1/22 1:00"], ["2022-01-29T01:00", "2022-03-02T14:28"]),  # 29/1: day first
    ],
)
def test_re_saved_start_times_read_in_the_file_s_order(
    stamps: list[str], want: list[str] | None, tmp_path: Path
) -> None:
    title = "Estamos muertos: Temporada 1: Episodio {} (Capítulo {})"
    rows = [("P", s, hms(66), title.format(i + 1, i + 1), hms(66)) for i, s in enumerate(stamps)]
    result = imported(str(activity_file(tmp_path / "ViewingActivity.csv", rows)), "--dry-run")
    if want is None:
        assert result["added"] == 1 and "before S01E01 was released" in result["not_placed"][0]["reason"]
    else:
        assert sorted(e["at"][:16] for e in result["events"]) == want


def test_re_saved_dates_of_unclear_order_ask_once(tmp_path: Path, tmp_data: Path) -> None:
    title = "Estamos muertos: Temporada 1: Episodio {n} (Capítulo {n})"
    rows = [("P", f"2/{n + 2}/22 20:00", hms(70), title.format(n=n), hms(70)) for n in range(1, 9)]
    err = fails(2, "import", str(activity_file(tmp_path / "ViewingActivity.csv", rows))).stderr
    assert "re-saved by a spreadsheet" in err and "--date-order dmy or --date-order mdy" in err
    assert err.count("\n") == 1 and not (tmp_data / "store.json").exists()
    result = imported(str(tmp_path / "ViewingActivity.csv"), "--date-order", "dmy", "--dry-run")
    assert sorted(e["at"][:10] for e in result["events"])[0] == "2022-03-02"


# ---------------------------------------------------------------- encodings and line endings


ES_ROW = (
    "Mamá,2022-02-01 20:00:00,01:06:00,,Estamos muertos: Temporada 1: Episodio 1 (Capítulo 1),,TV,01:06:00,01:06:00,ES"
)


@pytest.mark.parametrize(
    ("encoding", "newline", "note"),
    [
        ("cp1252", "\r\n", "read as Windows-1252 text"),
        ("utf-16-le", "\r\n", "read as UTF-16 text without a byte-order mark"),
        ("utf-16", "\n", None),  # with a byte-order mark
        ("utf-8", "\r", None),  # CR alone ends lines (an old Mac spreadsheet)
    ],
)
def test_other_encodings_and_line_endings_read(encoding: str, newline: str, note: str | None, tmp_path: Path) -> None:
    file = tmp_path / "ViewingActivity.csv"
    file.write_bytes((HEADER + newline + ES_ROW + newline).encode(encoding))
    run = ok("import", str(file), "--dry-run")
    if note:
        assert note in run.stdout
    result = imported(str(file), "--dry-run")
    assert [(i["source_profile"], i["added"]) for i in result["imports"]] == [("Mamá", 1)]


def test_a_header_only_activity_file_has_no_viewings(tmp_path: Path) -> None:
    file = tmp_path / "ViewingActivity.csv"
    file.write_text(HEADER + "\r\n", encoding="utf-8")
    assert "has no viewings in it" in fails(2, "import", str(file), "--all-profiles").stderr
    assert "Nothing to import" in ok("import", str(file)).stdout


def test_the_import_guide_lists_every_language_of_the_table() -> None:
    guide = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Bringing your history") :]
    missing = [lang.name for lang in LANGUAGES if lang.name not in section]
    assert missing == []


@pytest.fixture
def tmp_data(tmp_path: Path) -> Path:
    return tmp_path / "aod-data"


# ---------------------------------------------------------------- size


@pytest.mark.slow
def test_a_large_family_history_streams_in_flat_memory(tmp_path: Path) -> None:
    """A 60 MB ViewingActivity.csv (over the old 32 MiB limit) imports in a process whose memory
    stays well under the file's size (read whole, the bytes and the text alone would be 120 MB)."""
    import subprocess
    import sys

    file = tmp_path / "ViewingActivity.csv"
    other = "Dad,2023-03-14 21:00:00,00:44:00,,Some Other Show: Season 2: Episode 7 (Episode 7),,TV,,,US\r\n"
    with file.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for block in range(12):
            out.write(other * (60_000_000 // 12 // len(other)))
            n = block + 1
            title = f"Estamos muertos: Temporada 1: Episodio {n} (Capítulo {n})"
            out.write(f"Mamá,2022-02-{n:02d} 20:00:00,01:10:00,,{title},,TV,,,ES\r\n")
    assert file.stat().st_size > 33 << 20
    measure = (  # a fresh parent whose only child is the import: its children's peak is the import's
        "import resource, subprocess, sys\n"
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(run.stdout)\n"
    )
    command = [sys.executable, "-m", "aodcli", "import", str(file), "--source-profile", "Mamá", "--dry-run", "--json"]
    run = subprocess.run([sys.executable, "-c", measure, *command], capture_output=True, text=True, check=True)
    rss, output = run.stdout.split("\n", 1)
    assert json.loads(output)["added"] == 12
    peak = int(rss) * 1024  # Linux: KiB
    assert peak < 100 << 20, f"{peak >> 20} MiB"


@pytest.mark.parametrize(
    ("start", "size", "limit"),
    [(b"[", 33 << 20, "32 MiB"), (b"Title,Date\n", 257 << 20, "256 MiB"), (b"PK\x03\x04", (1 << 30) + 1, "1024 MiB")],
)
def test_each_kind_of_file_has_its_own_size_limit(start: bytes, size: int, limit: str, tmp_path: Path) -> None:
    file = tmp_path / "big"
    with file.open("wb") as out:  # sparse: nothing is written but the start
        out.write(start)
        out.truncate(size)
    assert f"larger than {limit}" in fails(1, "import", str(file)).stderr


# ---------------------------------------------------------------- the other services, by a localised title

SIX = ["es", "it", "ja", "zh-Hant", "vi", "ru"]


@pytest.mark.parametrize("lang", SIX)
@pytest.mark.parametrize("service", ["trakt", "tvtime-gdpr", "tvtime-app"])
def test_other_services_find_the_show_by_its_title_in_six_languages(service: str, lang: str, tmp_path: Path) -> None:
    """Without ids, the show is found by its localised title in every format (another show's rows stay out)."""
    title = LOCAL_TITLES[lang]
    if service == "trakt":
        items = [
            {
                "id": 10 + n,
                "watched_at": f"2022-02-0{n}T20:00:00.000Z",
                "action": "watch",
                "type": "episode",
                "episode": {"season": 1, "number": n, "title": f"Episode {n}", "ids": {}},
                "show": {"title": name, "year": 2022, "ids": {}},
            }
            for n, name in ((1, title), (2, title), (3, "Kingdom"))
        ]
        file = tmp_path / "watched-history.json"
        file.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    elif service == "tvtime-gdpr":
        file = tmp_path / "seen_episode.csv"
        file.write_text(
            "episode_id,tv_show_name,episode_season_number,episode_number,created_at,updated_at\n"
            f"1,{title},1,1,2022-02-01 20:00:00,2022-02-01 20:00:00\n"
            f"2,{title},1,2,2022-02-02 20:00:00,2022-02-02 20:00:00\n"
            "3,Kingdom,1,3,2022-02-03 20:00:00,2022-02-03 20:00:00\n",
            encoding="utf-8",
        )
    else:
        file = tmp_path / "tvtime-series-episodes-2026-07-01.csv"
        file.write_text(
            "series_tvdb_id,series_imdb_id,series_uuid,title,season,episode,tvdb_id,is_watched,watched_at,"
            "rewatch_count,special\n"
            f",,u,{title},1,1,1,true,2022-02-01 20:00:00,0,false\n"
            f",,u,{title},1,2,2,true,2022-02-02 20:00:00,0,false\n"
            ",,k,Kingdom,1,3,3,true,2022-02-03 20:00:00,0,false\n",
            encoding="utf-8",
        )
    result = imported(str(file), "--dry-run")
    assert sorted(e["episode"] for e in result["events"]) == ["s01e01", "s01e02"]
    assert result["ignored"] == {"other_titles": 1}
