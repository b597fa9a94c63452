"""A note shows as it reads: characters that reorder or hide text are refused when typed, and
shown as escapes when a note brought in by import or sync holds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..support.helpers import fails, ok


@pytest.mark.parametrize(
    ("text", "code"), [("abc\u202edef", "U+202E"), ("a\u2066b", "U+2066"), ("zero\u200bwidth", "U+200B")]
)
def test_a_typed_note_that_would_not_show_as_it_reads_is_refused(text: str, code: str) -> None:
    run = fails(2, "note", "1", text)
    assert code in run.stderr and "invalid note" in run.stderr
    assert ok("notes", "--json").json()["notes"] == []


def test_joiners_that_scripts_and_emoji_need_are_kept() -> None:
    text = "family \U0001f468\u200d\U0001f469\u200d\U0001f467 and \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    ok("note", "1", text)
    assert ok("notes", "--json").json()["notes"][0]["text"] == text


def test_an_imported_note_with_a_bidi_override_shows_escaped(tmp_path: Path) -> None:
    ok("note", "1", "plain")
    export = ok("export").json()
    note = next(e for e in export["events"] if e["type"] == "note")
    note["text"] = "evil\u202etxt.exe"
    note["id"] = "0" * 31 + "1"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    ok("import", str(path))
    shown = ok("notes").stdout
    assert "evil\\u202etxt.exe" in shown and "\u202e" not in shown
    assert "\u202e" not in ok("history").stdout and "\u202e" not in ok("episode", "1").stdout
    assert "evil\u202etxt.exe" in [n["text"] for n in ok("notes", "--json").json()["notes"]]  # data stays data
