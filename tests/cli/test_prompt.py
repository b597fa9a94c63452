"""`aod prompt`: the tiny status line for a shell prompt, and what it says on a damaged store."""

from __future__ import annotations

from pathlib import Path

from ..support.helpers import fails, ok


def test_prompt_is_tiny_and_spoiler_free():
    assert ok("prompt").stdout == "AOUAD 0/12 ▸ S01E01\n"
    ok("watch", "1-3")
    assert ok("prompt").stdout == "AOUAD 3/12 ▸ S01E04\n"
    assert ok("prompt", "-f", "{percent}% {profile}").stdout == "25% default\n"
    assert "fields are" in fails(2, "prompt", "-f", "{secret}").stderr
    ok("watch", "4-12")
    assert ok("prompt").stdout == "AOUAD 12/12 ▸ done\n"


def test_prompt_on_a_damaged_store_shows_question_marks_and_says_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    ok("watch", "1")
    (Path(os.environ["AOD_DATA_DIR"]) / "store.json").write_text("garbage", encoding="utf-8")
    run = ok("prompt")
    assert run.stdout == "AOUAD ?/12 ▸ ?\n"
    assert run.stderr.startswith("Warning: ") and "store.json is not valid JSON" in run.stderr
