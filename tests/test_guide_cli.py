"""The guide commands as a user runs them: plain when piped, Rich on a terminal, JSON."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from .support.helpers import REPO, fails, ok

ANSI = re.compile(r"\x1b\[[0-9;]*m")
GUIDE_COMMANDS = [
    [],
    ["episodes"],
    ["episodes", "--season", "1"],
    ["episode", "3"],
    ["about"],
    ["about", "--sources"],
    ["cast"],
    ["characters"],
]


def _spoiler_texts(pack):
    texts = [ev.text for ev in pack.events if ev.type != "first_appears"]
    texts += [ep.synopsis for ep in pack.episodes if ep.synopsis]
    return texts


@pytest.mark.parametrize("args", GUIDE_COMMANDS)
def test_plain_output_when_piped_has_no_ansi(args):
    run = ok(*args)
    assert run.stdout.strip()
    assert not ANSI.search(run.stdout)
    assert run.stderr == ""


@pytest.mark.parametrize("args", GUIDE_COMMANDS)
def test_json_output_parses(args):
    run = ok(*args, "--json")
    assert isinstance(run.json(), dict)


@pytest.mark.parametrize("args", GUIDE_COMMANDS)
def test_rich_output_on_a_terminal(args):
    run = ok(*args, env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert ANSI.search(run.stdout)


def test_no_color_wins_over_force_color():
    run = ok("episodes", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ANSI.search(run.stdout)


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


def test_rich_table_lines_up_with_hangul():
    out = ok("cast", env={"FORCE_COLOR": "1", "COLUMNS": "120"}).stdout
    rows = [ANSI.sub("", line) for line in out.splitlines() if "박지후" in line or "로몬" in line]
    assert len(rows) == 2
    from rich.cells import cell_len

    # the character column starts at the same screen column in both rows
    starts = [cell_len(r[: r.index(name)]) for r, name in zip(rows, ("Nam On-jo", "Lee Su-hyeok"), strict=False)]
    assert starts[0] == starts[1]


def test_cast_json_maps_main_actors():
    rows = ok("cast", "--json").json()["cast"]
    pairs = {(r["actor"], r["character"]) for r in rows}
    assert ("Park Ji-hu", "Nam On-jo") in pairs
    assert ("Yoon Chan-young", "Lee Cheong-san") in pairs
    assert ("Lomon", "Lee Su-hyeok") in pairs
    assert ("Cho Yi-hyun", "Choi Nam-ra") in pairs


def test_about_json_has_korean_title_and_webtoon():
    data = ok("about", "--json").json()
    assert data["title"]["ko"] == "지금 우리 학교는"
    assert data["webtoon"]["author_name"] == "Joo Dong-geun"
    assert data["webtoon"]["platform"] == "Naver Webtoon"
    s2 = next(s for s in data["seasons"] if s["number"] == 2)
    assert s2["status"] == "post-production" and s2["release_date"] is None


def test_about_sources_lists_keys():
    out = ok("about", "--sources").stdout
    assert "S117" in out and "seed" in out


@pytest.mark.parametrize(
    "args", [[], ["episodes"], ["characters"], ["cast"], ["about"], *[["episode", str(n)] for n in range(1, 13)]]
)
@pytest.mark.parametrize("json_flag", [False, True])
def test_no_fate_without_spoilers(pack, args, json_flag):
    out = ok(*args, *(["--json"] if json_flag else [])).stdout
    for text in _spoiler_texts(pack):
        assert text not in out
    for word in ("dies (", "turns (", "infected (", "presumed dead (", "half-zombie ("):
        assert word not in out


def test_spoilers_flag_shows_fates(pack):
    data = ok("characters", "--json", "--spoilers").json()
    shown = {ev["text"] for c in data["characters"] for ev in c["events"]}
    assert {ev.text for ev in pack.events if ev.type != "first_appears"} <= shown
    ep = ok("episode", "11", "--spoilers").stdout
    assert pack.episode("s01e11").synopsis in ep
    table = ok("characters", "--spoilers").stdout
    assert "(S01E11)" in table


def test_spoilers_before_the_command_too(pack):
    assert pack.episode("s01e03").synopsis in ok("--spoilers", "episode", "3").stdout


@pytest.mark.parametrize(
    ("args", "code", "part"),
    [
        (["episode", "13"], 2, "invalid SPEC '13': there is no episode 13"),
        (["episode", "1-x3"], 2, "'x3' is not an episode number"),
        (["episode", "s2e1"], 2, "season 2 has no episodes yet"),
        (["episode", "1-3"], 2, "names 3 episodes"),
        (["episodes", "--season", "5"], 2, "there is no season 5"),
        (["episodes", "--season", "x"], 2, "invalid value for '--season/-s': 'x' is not a whole number"),
        (["characters", "--group", "aliens"], 2, "no group 'aliens'"),
        (["frobnicate"], 2, "no such command 'frobnicate'"),
        (["episodes", "--bogus"], 2, "no such option: --bogus"),
    ],
)
def test_errors_are_one_line_with_the_right_exit(args, code, part):
    run = fails(code, *args)
    assert part in run.stderr


def test_version():
    from aodcli import __version__

    assert ok("--version").stdout == f"aod {__version__}\n"


def test_help_has_examples_for_every_command():
    for cmd in ("episodes", "episode", "about", "cast", "characters"):
        out = ok(cmd, "-h").stdout
        assert "Example" in out, cmd


def test_python_dash_m_works_from_another_directory(tmp_path):
    env = dict(os.environ, AOD_DATA_DIR=str(tmp_path / "d"))
    env.pop("FORCE_COLOR", None)
    run = subprocess.run(
        [sys.executable, "-m", "aodcli", "episodes", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)["episodes"]) == 12
    bad = subprocess.run(
        [sys.executable, "-m", "aodcli", "episode", "99"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
    assert REPO.exists()
