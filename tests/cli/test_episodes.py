"""`aod episodes`: the episode table, in JSON, piped, at any width, with --wide and on a real terminal."""

from __future__ import annotations

import re

import pytest

from ..support.helpers import ok
from ..support.terminal_support import lines as _lines
from ..support.terminal_support import needs_tmux


def test_episodes_json_lists_season_one():
    data = ok("episodes", "--json").json()
    eps = data["episodes"]
    assert [e["code"] for e in eps] == [f"S01E{n:02d}" for n in range(1, 13)]
    assert [e["runtime"] for e in eps] == [66, 70, 62, 71, 56, 66, 59, 57, 60, 53, 55, 53]
    assert {e["release_date"] for e in eps} == {"2022-01-28"}
    assert all(e["synopsis"] == {"hidden": True, "until": e["code"]} for e in eps)


def test_episodes_table_reads_well():
    lines = ok("episodes").stdout.splitlines()
    assert lines[0] == "All of Us Are Dead — All seasons"
    assert lines[1] == "12 episodes, 12 h 08 min"
    header = lines.index("Code\tTitle\tReleased\tRuntime\tSeen\tScore\tNote\tAbout")
    first = lines[header + 1].split("\t")
    assert first[:4] == ["S01E01", "Episode 1", "2022-01-28", "66 min"]


def test_a_season_without_episodes_says_where_it_stands() -> None:
    out = ok("episodes", "--season", "2").stdout
    assert "Season 2 has no episodes yet (post-production, no release date yet)" in out
    assert "Code\t" not in out  # no empty table


ANSI = re.compile(r"\x1b\[")  # the start of any escape sequence


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


@pytest.mark.heavy
@needs_tmux
def test_episode_table_on_screen(screen):
    screen.run("watch", "1-2")
    out = screen.run("episodes")
    rows = [line for line in _lines(out) if line.lstrip().startswith("S01E")]
    assert len(rows) == 12, out
    assert "✓" in rows[0] and "✓" in rows[1] and "✓" not in rows[2]
    assert all("…" in row or len(row) < screen.width for row in rows)  # one line per episode
    assert all(len(line) <= screen.width for line in _lines(out))
    assert "Code" in out and "Runtime" in out
