"""`aod episodes`: the episode table, in JSON, piped, at any width, with --wide and on a real terminal."""

from __future__ import annotations

from ..support.helpers import ok


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
