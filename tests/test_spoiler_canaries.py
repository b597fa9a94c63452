"""Spoiler safety as a property: no command shows anything past the horizon.

The canary pack (``tests/canary.py``) carries a token in every text tied to
an episode. For every command that prints data, in plain, Rich and JSON form,
at every horizon 0…12 (and, for the commands that take it, with ``--with`` a
profile that has seen less), no token of a later episode may appear on stdout
or stderr; with ``--spoilers`` every token can. A new command must join the
plan below (``test_every_command_is_in_the_plan`` fails until it does).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import typer

from aodcli.cli.app import app

from .canary import build, token, tokens_in
from .helpers import aod

EPISODES = 12
PAL = "pal"  # the second profile: it has seen three episodes fewer
MODES = ("plain", "rich", "json")

# Every leaf command of the CLI, and how the plan runs it. Commands that change
# the store run in a copy of the horizon's data folder.
READS = {
    "": [[]],
    "episodes": [["episodes"], ["episodes", "--season", "1"], ["episodes", "--unwatched"]],
    "episode": [["episode", str(n)] for n in range(1, EPISODES + 1)] + [["episode", "next"]],
    "about": [["about"], ["about", "--sources"]],
    "cast": [["cast"]],
    "characters": [["characters"]],
    "next": [["next"], ["next", "--with", PAL]],
    "progress": [["progress"]],
    "stats": [["stats"]],
    "history": [["history"]],
    "notes": [["notes"]],
    "prompt": [["prompt"], ["prompt", "-f", "{show} {next} {watched}/{total}"]],
    "export": [["export"], ["export", "--format", "csv"]],
    "profile list": [["profile", "list"]],
    "store check": [["store", "check"]],
}
WRITES = {
    "watch": [["watch", "next"], ["watch", "next", "--with", PAL], ["watch", "next", "--with", PAL, "--jump"]],
    "unwatch": [["unwatch", "1"]],
    "skip": [["skip", "next"]],
    "undo": [["undo"]],
    "redo": [["redo"]],
    "rate": [["rate", "1", "7"]],
    "note": [["note", "1", "a note"]],
    "import": [["import", "{export}"], ["import", "{export}", "--dry-run"]],
    "profile add": [["profile", "add", "guest"]],
    "profile use": [["profile", "use", PAL]],
    "profile remove": [["profile", "remove", PAL, "--yes"]],
    "store restore": [["store", "restore"]],
    "sync": [["sync", "{syncdir}"], ["sync", "{syncdir}", "--dry-run"], ["sync", "{syncdir}", "--status"]],
}
PAGES = {"person", "character", "search"}  # run per name / per query, below
SCREENS = {"browse"}  # full-screen: walked pane by pane at every horizon in tests/test_browse_canaries.py


def leaf_commands(group: object = None, prefix: str = "") -> Iterator[str]:
    group = group or typer.main.get_command(app)
    for name, cmd in getattr(group, "commands", {}).items():
        path = f"{prefix}{name}"
        if getattr(cmd, "commands", None):
            yield from leaf_commands(cmd, path + " ")
        else:
            yield path


def test_every_command_is_in_the_plan() -> None:
    planned = set(READS) | set(WRITES) | PAGES | SCREENS
    missing = sorted(set(leaf_commands()) - planned)
    assert not missing, f"commands missing from the canary plan: {missing}"


@dataclass
class World:
    pack: Path
    planted: set[tuple[int, str]]
    names: list[tuple[str, str]]  # ("person" | "character", name)
    dirs: dict[int, Path] = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("canary")
    pack, planted = build(root / "pack")
    people = json.loads((pack / "people.json").read_text(encoding="utf-8"))["people"]
    chars = json.loads((pack / "characters.json").read_text(encoding="utf-8"))["characters"]
    names = [("person", p["name"]) for p in people] + [("character", c["name"]) for c in chars]
    w = World(pack, planted, names)
    for h in range(EPISODES + 1):
        data = root / f"h{h}"
        env = _env(w, data)
        _ok(["profile", "add", PAL], env)
        if h:
            _ok(["watch", f"1-{h}", "--at", f"2026-01-0{1 + h % 9}"], env)
        if h > 3:
            _ok(["watch", f"1-{h - 3}", "--profile", PAL], env)
        w.dirs[h] = data
    return w


def _env(w: World, data: Path, mode: str = "plain") -> dict[str, str]:
    env = {"AOD_DATA_DIR": str(data), "AOD_SHOW": str(w.pack), "COLUMNS": "2000"}
    if mode == "rich":
        env["FORCE_COLOR"] = "1"
    return env


def _ok(args: list[str], env: dict[str, str]) -> None:
    run = aod(*args, env=env)
    assert run.code == 0, f"setup: aod {' '.join(args)} -> {run.code}: {run.stderr}"


def _run(w: World, h: int, args: list[str], mode: str, *, spoilers: bool = False, data: Path | None = None) -> str:
    """One command at horizon ``h``: its stdout and stderr together (tracebacks fail the test)."""
    full = (["--json"] if mode == "json" else []) + (["--spoilers"] if spoilers else []) + args
    run = aod(*full, env=_env(w, data or w.dirs[h], mode))
    assert "Traceback" not in run.stderr, f"aod {' '.join(full)}: {run.stderr}"
    assert not isinstance(run.exception, AssertionError), run.exception
    return run.stdout + "\n" + run.stderr


def _horizon_of(args: list[str], h: int) -> int:
    """The horizon that bounds what ``args`` may show: the group's lowest with --with."""
    return min(h, max(h - 3, 0)) if "--with" in args else h


# `aod about --sources` lists a source that gives away a later episode by its key,
# as "S41  hidden until S01E11": the key alone tells nothing (no record shown at
# this horizon cites it), so a key right before its own hidden marker is allowed.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HIDDEN_KEY = re.compile(r'QZ\d\dK(?=[\s│|":{]*(?:hidden until|"hidden": true))')


def _check(out: str, limit: int, what: str) -> set[tuple[int, str]]:
    seen = tokens_in(HIDDEN_KEY.sub("<hidden source>", ANSI.sub("", out)))
    late = sorted(t for t in seen if t[0] > limit)
    assert not late, f"{what} at horizon {limit} shows {[token(*t) for t in late]}:\n{out[:3000]}"
    return seen


def _writes(w: World, h: int, tmp: Path) -> Iterator[tuple[list[str], Path]]:
    """Each write command, in a fresh copy of the horizon's data folder."""
    export = tmp / "export.json"
    export.write_text(aod("export", env=_env(w, w.dirs[h])).stdout, encoding="utf-8")
    syncdir = tmp / "syncdir"  # another device's replica, which has seen every episode
    syncdir.mkdir()
    shutil.copytree(w.dirs[EPISODES], tmp / "other-device")
    aod("sync", str(syncdir), env=_env(w, tmp / "other-device"))
    for i, (_, variants) in enumerate(sorted(WRITES.items())):
        for j, args in enumerate(variants):
            data = tmp / f"w{i}-{j}"
            shutil.copytree(w.dirs[h], data)
            yield [a.replace("{export}", str(export)).replace("{syncdir}", str(syncdir)) for a in args], data


def _searches(w: World, h: int) -> list[str]:
    """Queries: a token of the next hidden and of the last episode, of each kind, and words of later twists."""
    kinds = sorted({k for _, k in w.planted})
    return [token(n, k) for k in kinds for n in sorted({min(h + 1, EPISODES), EPISODES})] + [
        "half-zombie",
        "quarantine",
        "kiss",
    ]


def sweep(w: World, h: int, tmp: Path) -> set[tuple[int, str]]:
    seen: set[tuple[int, str]] = set()
    for variants in READS.values():
        for args in variants:
            for mode in MODES:
                seen |= _check(_run(w, h, args, mode), _horizon_of(args, h), f"aod {' '.join(args)} ({mode})")
    for args, data in _writes(w, h, tmp):
        for mode in ("plain", "json"):
            copy = data.with_name(data.name + mode)
            shutil.copytree(data, copy)
            out = _run(w, h, args, mode, data=copy)
            seen |= _check(out, _horizon_of(args, h), f"aod {' '.join(args)} ({mode})")
    for kind, name in w.names:
        for mode in MODES:
            seen |= _check(_run(w, h, [kind, name], mode), h, f"aod {kind} {name!r} ({mode})")
    for query in _searches(w, h):
        for mode in ("plain", "json"):
            out = _run(w, h, ["search", query], mode)
            seen |= _check(out.replace(query, "<query>"), h, f"aod search {query} ({mode})")
            hidden = tokens_in(query) and min(n for n, _ in tokens_in(query)) > h
            if hidden:  # past the horizon: exactly the answer for a token that is nowhere
                nowhere = "QZ99" + query[-1]
                other = _run(w, h, ["search", nowhere], mode).replace(nowhere, "<query>")
                assert out.replace(query, "<query>") == other, f"search {query} differs from a word found nowhere"
    return seen


@pytest.mark.parametrize("h", range(EPISODES + 1))
def test_no_canary_past_the_horizon(world: World, h: int, tmp_path: Path) -> None:
    seen = sweep(world, h, tmp_path)
    # Within the horizon things do show: the check is not vacuous.
    if h:
        assert (h, "S") in seen, f"the synopsis of episode {h} never shows at horizon {h}"
    if h == EPISODES:
        assert seen == world.planted, f"never shown: {sorted(world.planted - seen)}"


def test_spoilers_show_every_canary(world: World) -> None:
    seen: set[tuple[int, str]] = set()
    for variants in READS.values():
        for args in variants:
            for mode in ("plain", "json"):
                seen |= tokens_in(_run(world, 0, args, mode, spoilers=True))
    for kind, name in world.names:
        seen |= tokens_in(_run(world, 0, [kind, name], "json", spoilers=True))
    assert seen == world.planted, f"never shown, even with --spoilers: {sorted(world.planted - seen)}"
