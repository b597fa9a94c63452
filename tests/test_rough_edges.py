"""Rough edges found over a simulated week of use, each pinned."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from aodcli.cli.registry import COMMANDS, Command
from aodcli.tracker import parse_at

from .support.helpers import fails, ok


def test_recap_keys_on_the_latest_viewing_not_the_latest_logging() -> None:
    ok("watch", "3")
    week_ago = (date.today() - timedelta(days=8)).isoformat()
    ok("watch", "1-2", "--at", week_ago)  # back-filled after watching 3 today
    data = ok("next", "--json").json()
    assert data["days_since_last_watch"] == 0 and data["recap"] == []
    assert "Previously on" not in ok("next").stdout


def test_recap_after_a_real_break() -> None:
    ok("watch", "1-2", "--at", (date.today() - timedelta(days=5)).isoformat())
    data = ok("next", "--json").json()
    assert data["days_since_last_watch"] == 5 and [e["code"] for e in data["recap"]] == ["S01E01", "S01E02"]


def test_skipping_everything_is_not_being_caught_up() -> None:
    out = ok("skip", "all").stdout
    assert "caught up" not in out and "0/12 watched" in out
    assert "the 12 episodes you have not seen are skipped (1-12)" in out
    assert "seen every episode" not in ok("next").stdout
    assert "skipped" in ok().stdout
    ok("watch", "1-12")
    assert "You have seen every episode" in ok("next").stdout


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31", "999999999 days ago", "25:99", "yesterday 7", "soon"])
def test_a_date_out_of_range_or_unknown_is_a_usage_error(when: str) -> None:
    err = fails(2, "watch", "2", "--at", when).stderr
    assert "invalid --at" in err or "in the future" in err or "before S01E02 was released" in err
    assert ok("history", "--json").json()["events"] == []


def test_at_accepts_days_and_times_in_words() -> None:
    thursday = date(2026, 12, 3)
    local = {
        "today": datetime(2026, 12, 3),
        "yesterday": datetime(2026, 12, 2),
        "3 days ago": datetime(2026, 11, 30),
        "friday": datetime(2026, 11, 27),
        "last friday": datetime(2026, 11, 27),
        "thursday": datetime(2026, 12, 3),
        "last thursday": datetime(2026, 11, 26),
        "21:30": datetime(2026, 12, 3, 21, 30),
        "Yesterday  21:30": datetime(2026, 12, 2, 21, 30),
        "2026-11-20 21:30": datetime(2026, 11, 20, 21, 30),
    }
    for text, want in local.items():
        got = parse_at(text, thursday).value
        assert got is not None and got == want.astimezone(), text
    ok("watch", "1", "--at", "yesterday 21:30")
    event = ok("history", "--json").json()["events"][0]
    yesterday = datetime.combine(date.today() - timedelta(days=1), datetime.min.time()).replace(hour=21, minute=30)
    assert datetime.fromisoformat(event["at"].replace("Z", "+00:00")) == yesterday.astimezone()


def test_history_is_in_the_order_things_happened() -> None:
    ok("watch", "3")
    ok("watch", "1-2", "--at", "3 days ago")
    data = ok("history", "--json").json()
    assert [e["code"] for e in data["events"]] == ["S01E01", "S01E02", "S01E03"]
    assert "oldest first" in ok("history").stdout


@pytest.mark.parametrize(("query", "form"), [("onjoo", "On Joo"), ("on joo", "On Joo"), ("Cheongsak", "Cheong-sak")])
def test_search_reasons_name_the_misspelling(query: str, form: str) -> None:
    top = ok("search", query, "--json").json()["results"][0]
    assert top["reason"] == f"known misspelling '{form}'"
    assert "''" not in ok("search", query).stdout


def test_search_with_no_result_still_prints_the_json_document() -> None:
    run = fails_with_stdout(1, "search", "xyzzy", "--json")
    assert run["results"] == [] and run["total_results"] == 0 and run["query"] == "xyzzy"


def fails_with_stdout(code: int, *args: str) -> dict:  # type: ignore[type-arg]
    from .support.helpers import aod

    run = aod(*args)
    assert run.code == code and run.stderr.startswith("Error: nothing matches")
    return run.json()  # type: ignore[no-any-return]


def test_rating_an_unwatched_episode_warns() -> None:
    run = ok("rate", "5", "8")
    assert run.stderr == "Warning: you have not marked S01E05 watched; aod watch s01e05 does\n"
    ok("watch", "5")
    assert ok("rate", "5", "9").stderr == ""


@pytest.mark.parametrize("verb", ["unwatch", "skip"])
def test_a_command_without_a_spec_names_its_own_example(verb: str) -> None:
    err = fails(2, verb).stderr
    assert f"e.g. 'aod {verb} 3' or 'aod {verb} 1-4'" in err and "aod watch" not in err


@pytest.mark.parametrize("score", ["x", "", "1e1", "7.5"])
def test_a_bad_score_is_said_in_our_words(score: str) -> None:
    err = fails(2, "rate", "3", score).stderr
    assert err == f"Error: invalid score {score!r}: give a whole number from 1 to 10\n"
    assert ok("rate", "3", "７").stdout.startswith("Rated S01E03 7/10")  # full-width, as an IME types it


def test_a_note_that_begins_with_a_dash_says_how() -> None:
    err = fails(2, "note", "3", "-great scene").stderr
    assert "needs '--' before it, as in: aod note 3 -- '-great scene'" in err
    ok("note", "3", "--", "-great scene")
    assert ok("episode", "3", "--json").json()["notes"] == ["-great scene"]


def test_a_season_without_episodes_says_where_it_stands() -> None:
    out = ok("episodes", "--season", "2").stdout
    assert "Season 2 has no episodes yet (post-production, no release date yet)" in out
    assert "Code\t" not in out  # no empty table


def test_prompt_on_a_damaged_store_shows_question_marks_and_says_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    ok("watch", "1")
    (Path(os.environ["AOD_DATA_DIR"]) / "store.json").write_text("garbage", encoding="utf-8")
    run = ok("prompt")
    assert run.stdout == "AOUAD ?/12 ▸ ?\n"
    assert run.stderr.startswith("Warning: ") and "store.json is not valid JSON" in run.stderr


COMMANDS_RUN = [  # every command that prints data, by its first run (aodcli.cli.registry)
    c for c in COMMANDS if c.json is not None and "{" not in "".join(c.runs[0])
]


@pytest.mark.parametrize(
    "option", [["--json"], ["--spoilers"], ["--debug"], ["--profile", "default"], ["--show", "{pack}"]]
)
@pytest.mark.parametrize("command", COMMANDS_RUN, ids=lambda c: c.path)
def test_global_options_work_after_any_command(command: Command, option: list[str]) -> None:
    from .support.helpers import BUNDLED, aod

    ok("watch", "1-2")
    for line in command.setup:
        ok(*line)
    run = aod(*command.runs[0], *[o.replace("{pack}", str(BUNDLED)) for o in option])
    assert "no such option" not in run.stderr.lower() and "Traceback" not in run.stderr, run.stderr
    assert run.code == 0, run.stderr
    if option == ["--json"]:
        run.json()  # one JSON document


def test_debug_after_a_double_dash_is_text() -> None:
    ok("note", "1", "--", "--debug")
    assert ok("episode", "1", "--json").json()["notes"] == ["--debug"]
    assert "Traceback" not in fails(2, "episode", "99", "--", "--debug").stderr


def test_import_reads_stdin_and_export_json_and_csv_do_not_mix() -> None:
    from .support.helpers import aod

    ok("watch", "1-3")
    ok("profile", "add", "mina")
    exported = ok("export").stdout
    run = aod("import", "-", "--profile", "mina", input=exported)
    assert run.code == 0 and "Added 3 events; 0 already there." in run.stdout
    assert "Added 0 events" in aod("import", "-", "--profile", "mina", input=exported).stdout
    assert "two formats" in fails(2, "export", "--json", "--format", "csv").stderr


HELP_PAGES = [[], *[[c] for c in ("episodes", "episode", "watch", "search", "rate", "prompt", "export", "import")]]
HELP_PAGES += [["profile", "add"], ["store", "restore"]]


@pytest.mark.parametrize("page", HELP_PAGES, ids=lambda v: " ".join(v) or "aod")
def test_help_reads_like_a_person_wrote_it(page: list[str]) -> None:
    out = ok(*page, "--help").stdout
    for artefact in ("<bool>", "<list", "<int", "<text>", "[1<=", "{SPEC}", "[SPEC...]", "<path>"):
        assert artefact not in out, f"{artefact!r} in aod {' '.join(page)} --help"
    if page in ([], ["episodes"]):
        assert "(or set AOD_SHOW)" in out and "(or set AOD_PROFILE)" in out


ANSI = __import__("re").compile(r"\x1b\[")


def test_no_color_keeps_the_tables_and_drops_the_colour() -> None:
    run = ok("episodes", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"})
    assert not ANSI.search(run.stdout)
    assert "─────" in run.stdout and "\t" not in run.stdout  # the Rich table, not the tab-separated form
    piped = ok("episodes", env={"NO_COLOR": "1"})
    assert "Code\tTitle" in piped.stdout  # piped: plain text, as ever


@pytest.mark.parametrize("width", [60, 80, 120])
def test_narrow_terminals_drop_columns_instead_of_splitting_words(width: int) -> None:
    out = ok("episodes", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Code"))
    assert header.split() == [
        h for h in ("Code", "Title", "Released", "Runtime", "Seen", "Score", "Note", "About") if h in header.split()
    ]
    rows = [line for line in lines if line.startswith("S01E")]
    assert len(rows) == 12 and all(len(row) <= width for row in rows)  # one line per episode
    about = rows[0].split("   ")[-1].strip()
    assert len(about) >= (20 if width == 60 else 28)  # the blurb is not cut to a stub
    if width == 120:
        assert "Released" in header


def test_wide_shows_every_blurb_whole() -> None:
    from aodcli.pack import load_pack

    pack = load_pack()
    out = ok("episodes", "--wide", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "80"}).stdout
    assert "…" not in out
    flat = " ".join(out.split())
    for ep in pack.episodes:  # each blurb's words, in order, whatever the wrapping
        words = ep.blurb.split()
        assert " ".join(words[:3]) in flat and words[-1] in flat


def test_the_pager_is_chosen_as_git_does(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from aodcli.output.render import pager_command

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    long, short = "x\n" * 100, "x\n" * 3
    for var in ("AOD_PAGER", "PAGER"):
        monkeypatch.delenv(var, raising=False)
    assert pager_command(long, 40, Tty()) == ["less", "-FRX"]
    assert pager_command(short, 40, Tty()) is None  # fits the screen
    assert pager_command(long, 40, io.StringIO()) is None  # piped: never
    monkeypatch.setenv("PAGER", "more")
    assert pager_command(long, 40, Tty()) == ["more"]
    monkeypatch.setenv("AOD_PAGER", "cat")
    assert pager_command(long, 40, Tty()) is None
    monkeypatch.setenv("AOD_PAGER", "")
    assert pager_command(long, 40, Tty()) is None


def test_notes_lists_every_note_and_the_table_marks_them() -> None:
    assert "No notes yet" in ok("notes").stdout
    ok("note", "3", "fire hose!")
    ok("note", "1", "the lab")
    data = ok("notes", "--json").json()
    assert [(n["code"], n["text"]) for n in data["notes"]] == [("S01E01", "the lab"), ("S01E03", "fire hose!")]
    table = ok("episodes", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"}).stdout
    marked = [line[:6] for line in table.splitlines() if "✎" in line]
    assert marked == ["S01E01", "S01E03"]


def test_restore_reports_in_words_and_json_and_finds_backups_as_check_lists_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    data = Path(os.environ["AOD_DATA_DIR"])
    ok("watch", "1")
    ok("watch", "2")
    listed = ok("store", "check", "--json").json()["backups"]
    daily = next(Path(b["path"]) for b in listed if b["kind"] == "daily")
    name = str(daily.relative_to(data))  # backups/store.<date>.json, as the table shows it
    monkeypatch.chdir(tmp_path)  # not the data folder: the name is found there anyway
    report = ok("store", "restore", "--from", name, "--json").json()
    assert report["source"] == str(data / name) and report["source_kind"] == "file"
    assert set(report) == {
        "restored",
        "path",
        "source",
        "source_kind",
        "source_revision",
        "revision",
        "quarantined",
        "message",
    }
    assert "RestoreReport(" not in ok("store", "restore", "--from", name).stdout


def test_a_data_dir_that_is_a_file_says_so(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x", encoding="utf-8")
    for args in (["watch", "1"], ["episodes"], ["store", "check"]):
        err = fails(1, *args, env={"AOD_DATA_DIR": str(a_file)}).stderr
        assert f"AOD_DATA_DIR ({a_file}) is not a folder" in err and "lock" not in err
    err = fails(1, "watch", "1", env={"AOD_DATA_DIR": str(a_file / "sub")}).stderr
    assert "is not a folder" in err
    assert a_file.read_text(encoding="utf-8") == "x"


def test_undo_takes_back_a_whole_import() -> None:
    from .support.helpers import aod

    ok("watch", "1-3")
    exported = ok("export").stdout
    ok("profile", "add", "z")
    assert "Added 3 events" in aod("import", "-", "--profile", "z", input=exported).stdout
    undone = ok("undo", "--profile", "z", "--json").json()
    assert sorted(e["episode"] for e in undone["undone"]) == ["s01e01", "s01e02", "s01e03"]
    assert ok("progress", "--profile", "z", "--json").json()["watched"] == 0
    assert ok("progress", "--json").json()["watched"] == 3  # the other profile untouched


def test_undo_brings_back_a_removed_profile_until_the_next_change() -> None:
    ok("profile", "add", "mina")
    ok("watch", "1-2", "--profile", "mina")
    out = ok("profile", "remove", "mina", "--yes").stdout
    assert "aod undo brings it back" in out and "store.json.bak" not in out
    data = ok("undo", "--json").json()
    assert data["restored_profile"] == "mina"
    assert ok("progress", "--profile", "mina", "--json").json()["watched"] == 2
    # undo walks back through later changes: first the watch, then the removal
    ok("profile", "remove", "mina", "--yes")
    ok("watch", "5")
    assert ok("undo", "--json").json()["restored_profile"] is None
    assert "mina" not in ok("profile", "list").stdout
    assert ok("undo", "--json").json()["restored_profile"] == "mina"
    assert ok("progress", "--profile", "mina", "--json").json()["watched"] == 2


def test_a_dry_run_import_writes_nothing_not_even_the_data_folder(tmp_path: Path) -> None:
    from .support.helpers import aod

    ok("watch", "1")
    exported = ok("export").stdout
    fresh = tmp_path / "fresh"
    run = aod("import", "-", "--dry-run", env={"AOD_DATA_DIR": str(fresh)}, input=exported)
    assert run.code == 0 and "Would add 1 event" in run.stdout
    assert not fresh.exists()


def test_scores_and_notes_can_be_cleared_edited_and_deleted_and_undone() -> None:
    import json
    import os

    ok("watch", "3")
    ok("rate", "3", "8")
    assert ok("rate", "3", "--clear").stdout.startswith("Cleared your score for S01E03")
    assert ok("episode", "3", "--json").json()["score"] is None
    assert "has no score to clear" in fails(1, "rate", "3", "--clear").stderr
    assert "not both" in fails(2, "rate", "3", "7", "--clear").stderr
    ok("note", "3", "one")
    ok("note", "3", "two")
    ok("note", "3", "--edit", "only")
    assert [n["text"] for n in ok("notes", "--json").json()["notes"]] == ["only"]
    ok("note", "3", "--delete")
    assert ok("notes", "--json").json()["notes"] == []
    ok("undo")  # the delete, exactly
    assert [n["text"] for n in ok("notes", "--json").json()["notes"]] == ["only"]
    assert "--delete takes no TEXT" in fails(2, "note", "3", "x", "--delete").stderr
    # an older aodcli cannot read these events (nor their batches): the store says so with min_reader 3
    doc = json.loads((Path(os.environ["AOD_DATA_DIR"]) / "store.json").read_text(encoding="utf-8"))
    assert doc["min_reader"] == 3


def test_profile_names_in_any_script_nfc_and_unique_without_case() -> None:
    import json
    import os
    import unicodedata

    ok("profile", "add", "민아")
    decomposed = unicodedata.normalize("NFD", "민아")
    assert decomposed != "민아"
    ok("watch", "1", "--profile", decomposed)  # typed decomposed, stored and found in NFC
    assert ok("progress", "--profile", "민아", "--json").json()["watched"] == 1
    ok("profile", "add", "Mina")
    assert "already exists (names ignore case)" in fails(1, "profile", "add", "MINA").stderr
    assert "invalid profile name" in fails(2, "profile", "add", "a b").stderr
    assert "invalid profile name" in fails(2, "profile", "add", "\u202eevil").stderr
    doc = json.loads((Path(os.environ["AOD_DATA_DIR"]) / "store.json").read_text(encoding="utf-8"))
    assert "민아" in doc["profiles"] and doc["min_reader"] == 3  # profile ids: aodcli with schema 3 and later


@pytest.mark.parametrize("group", ["profile", "store"])
def test_a_group_named_alone_shows_its_tidy_help(group: str) -> None:
    out = ok(group).stdout
    assert f"Usage: aod {group} [OPTIONS] COMMAND" in out
    assert "<bool>" not in out
