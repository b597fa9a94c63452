"""The finishing touches: stats, previously-on, watching together, prompt, completion, help."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from aodcli.store import clock as store_clock

from .support.helpers import REPO, fails, ok


@pytest.fixture
def frozen(monkeypatch):
    """Set the store's clock: frozen('2026-11-21T20:00:00')."""

    def set_to(text: str) -> None:
        when = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
        monkeypatch.setattr(store_clock, "clock", lambda: when)

    return set_to


def test_stats_chart_and_streak(frozen):
    frozen("2026-11-12T23:00:00")
    ok("watch", "1-3", "--at", "2026-11-10T12:00:00Z")
    ok("watch", "4", "--at", "2026-11-11T12:00:00Z")
    ok("watch", "5-6", "--at", "2026-11-12T12:00:00Z")
    ok("watch", "1", "--rewatch", "--at", "2026-11-12T13:00:00Z")
    ok("rate", "1", "9")
    ok("rate", "4", "6")
    data = ok("stats", "--json").json()
    assert data["episodes_watched"] == 6
    assert data["minutes_watched"] == 66 + 70 + 62 + 71 + 56 + 66
    assert data["minutes_with_rewatches"] == data["minutes_watched"] + 66
    assert [d["episodes"] for d in data["days"]] == [3, 1, 3]
    assert data["longest_streak_days"] == 3
    assert data["average_score"] == 7.5
    out = ok("stats").stdout
    assert "Binge timeline" in out and "###" in out
    assert "Your scores (average 7.5)" in out
    assert "S01E01  " in out


def test_stats_never_mentions_the_story(pack):
    ok("watch", "1-12")
    out = ok("stats").stdout + ok("stats", "--json").stdout
    assert not any(ev.text in out for ev in pack.events)
    assert not any(c.name in out for c in pack.characters.values())


def test_previously_on_after_a_break(frozen, pack):
    frozen("2026-11-01T21:00:00")
    ok("watch", "1-4")
    frozen("2026-11-02T21:00:00")
    assert ok("next", "--json").json()["recap"] == []  # a day later: no recap
    frozen("2026-11-09T21:00:00")
    data = ok("next", "--json").json()
    assert [r["code"] for r in data["recap"]] == ["S01E03", "S01E04"]
    assert data["days_since_last_watch"] == 8
    out = ok("next").stdout
    assert out.startswith("Previously on All of Us Are Dead")
    assert pack.episode("s01e04").synopsis in out
    assert pack.episode("s01e05").synopsis not in out
    assert "Next: S01E05" in out


def test_watching_together(pack):
    ok("profile", "add", "mina")
    ok("watch", "1-6")
    # mina has seen none of 1-6: marking 7 for her needs --jump, and says so
    refused = fails(2, "watch", "7", "--with", "mina")
    assert "mina has not seen S01E01…S01E06" in refused.stderr and "--jump" in refused.stderr
    assert ok("progress", "--json", "--profile", "mina").json()["watched"] == 0
    run = ok("watch", "7", "--with", "mina", "--jump")
    assert "Also for mina: S01E07 watched" in run.stdout
    assert run.stderr.startswith("Warning: mina had not seen S01E01…S01E06")
    assert ok("progress", "--json", "--profile", "mina").json()["watched"] == 1
    ok("watch", "1-2", "--profile", "mina")
    # default is at 7, mina at 7 with a gap: the group's lowest horizon is mina's
    data = ok("next", "--with", "mina", "--json").json()
    assert data["group"] == ["default", "mina"]
    fails(2, "watch", "8", "--with", "nobody")
    fails(2, "watch", "8", "--with", "bad name")


def test_prompt_is_tiny_and_spoiler_free():
    assert ok("prompt").stdout == "AOUAD 0/12 ▸ S01E01\n"
    ok("watch", "1-3")
    assert ok("prompt").stdout == "AOUAD 3/12 ▸ S01E04\n"
    assert ok("prompt", "-f", "{percent}% {profile}").stdout == "25% default\n"
    assert "fields are" in fails(2, "prompt", "-f", "{secret}").stderr
    ok("watch", "4-12")
    assert ok("prompt").stdout == "AOUAD 12/12 ▸ done\n"


def _complete(words: str, cword: int, data_dir: str) -> list[str]:
    env = dict(
        os.environ, _AOD_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword), AOD_DATA_DIR=data_dir
    )
    run = subprocess.run([sys.executable, "-m", "aodcli"], env=env, capture_output=True, text=True, check=True)
    return [line for line in run.stdout.splitlines() if line]


def test_bash_completion_for_watch_and_profiles(tmp_path):
    data = str(tmp_path / "aod-data")
    assert _complete("aod watch S01E1", 2, data) == ["S01E10", "S01E11", "S01E12"]
    assert "next" in _complete("aod watch n", 2, data)
    offered = _complete("aod episode s", 2, data)
    assert offered[0] == "s1" and all(w.startswith("s") for w in offered)
    names = _complete("aod character Nam", 2, data)
    assert "Nam\\ On-jo" in names and "Nam\\ So-ju" in names  # escaped: bash inserts a candidate as it is
    assert all(n.startswith("Nam") for n in names)
    ok("profile", "add", "mina")
    assert _complete("aod profile use m", 3, data) == ["mina"]
    assert _complete("aod watch 1 --profile ", 4, data) == ["default", "mina"]


def test_completion_offers_the_right_kind_in_the_case_typed(tmp_path):
    data = str(tmp_path / "aod-data")
    assert _complete("aod character Choi", 2, data) == ["Choi\\ Nam-ra"]
    assert _complete("aod person Choi", 2, data) == []  # people, not characters
    assert "Park\\ Ji-hu" in _complete("aod person Park", 2, data)
    assert "Nam\\ On-jo" not in _complete("aod person Nam", 2, data)
    assert _complete("aod watch s01e1", 2, data) == ["s01e10", "s01e11", "s01e12"]
    assert _complete("aod watch 1 --till S01E1", 4, data) == ["S01E10", "S01E11", "S01E12"]
    assert _complete("aod search lee --in ch", 4, data) == ["characters"]
    assert _complete("aod episodes --season ", 3, data) == ["1", "2"]


def _commands() -> list[str]:
    from typer.main import get_command

    from aodcli.cli.app import app

    group = get_command(app)
    names = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        names += [f"{name} {s}" for s in sub] if sub else [name]
    return names


def test_every_command_has_help_with_an_example():
    for name in _commands():
        out = ok(*name.split(), "--help").stdout
        assert "Example" in out, name
        assert ok(*name.split(), "-h").stdout == out


def test_readme_lists_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert re.search(rf"`aod {re.escape(name)}\b", readme), f"README does not mention `aod {name}`"
