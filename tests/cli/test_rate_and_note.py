"""`aod rate`, `aod note` and `aod notes`: scores and notes, given, cleared, edited, deleted and undone."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.helpers import fails, ok


def test_rating_an_unwatched_episode_warns() -> None:
    run = ok("rate", "5", "8")
    assert run.stderr == "Warning: you have not marked S01E05 watched; aod watch s01e05 does\n"
    ok("watch", "5")
    assert ok("rate", "5", "9").stderr == ""


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


def test_notes_lists_every_note_and_the_table_marks_them() -> None:
    assert "No notes yet" in ok("notes").stdout
    ok("note", "3", "fire hose!")
    ok("note", "1", "the lab")
    data = ok("notes", "--json").json()
    assert [(n["code"], n["text"]) for n in data["notes"]] == [("S01E01", "the lab"), ("S01E03", "fire hose!")]
    table = ok("episodes", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"}).stdout
    marked = [line[:6] for line in table.splitlines() if "✎" in line]
    assert marked == ["S01E01", "S01E03"]


def test_scores_and_notes_can_be_cleared_edited_and_deleted_and_undone() -> None:
    import json
    import os

    ok("watch", "3")
    ok("rate", "3", "8")
    assert ok("rate", "3", "--clear").stdout.startswith("Cleared your score for S01E03")
    assert ok("episode", "3", "--json").json()["score"] is None
    assert ok("rate", "3", "--clear").stdout == "S01E03 has no score: nothing to clear\n"  # said, exit 0
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


def test_note_without_text_shows_that_episode_s_notes() -> None:
    assert "No notes on S01E02 yet" in ok("note", "2").stdout
    ok("note", "2", "first")
    ok("note", "3", "other")
    notes = ok("note", "2", "--json").json()["notes"]
    assert [n["text"] for n in notes] == ["first"]
    assert "--edit needs the new TEXT" in fails(2, "note", "2", "--edit").stderr


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
