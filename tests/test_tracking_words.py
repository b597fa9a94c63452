"""What tracking commands say about rewatches, unknown times, edits and removals of nothing."""

from __future__ import annotations

from .support.helpers import ok


def test_a_rewatch_is_said_as_another_viewing_and_undone_as_a_rewatch() -> None:
    ok("watch", "1")
    assert ok("watch", "1", "--rewatch").stdout.startswith("Logged another viewing of S01E01\n")
    assert ok("undo").stdout.startswith("Undid: rewatched S01E01\n")
    history = ok("history").stdout
    assert "rewatched (undone)\tS01E01" in history and "took back: rewatched" in history
    assert "watched S01E01" in ok("undo", "--list").stdout


def test_a_watch_of_unknown_time_shows_the_time_as_unknown() -> None:
    ok("watch", "2", "--at", "unknown")
    row = next(line for line in ok("history").stdout.splitlines() if "\tS01E02" in line)
    when, what, _code, detail = row.split("\t")
    assert when == "time unknown" and what == "watched" and detail.startswith("logged 20")


def test_a_note_edit_is_undone_as_one_replacement() -> None:
    ok("note", "2", "first")
    ok("note", "2", "--edit", "second")
    assert ok("undo").stdout.startswith("Undid: replaced notes S01E02\n")
    assert ok("notes", "--json").json()["notes"][0]["text"] == "first"


def test_removing_what_is_not_there_says_so_and_succeeds() -> None:
    run = ok("rate", "2", "--clear")
    assert run.stdout == "S01E02 has no score: nothing to clear\n" and run.stderr == ""
    run = ok("note", "3", "--delete")
    assert run.stdout == "S01E03 has no notes: nothing to delete\n"
    assert ok("rate", "2", "--clear", "--json").json()["events"] == []
    ok("rate", "2", "7")
    assert ok("rate", "2", "--clear").stdout.startswith("Cleared your score for S01E02")
