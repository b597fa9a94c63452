"""Spoiler safety as a property: no command shows anything past the horizon.

The canary pack (``tests/support/canary.py``) carries a token in every text tied to
an episode. For every command that prints data, in plain, Rich and JSON form,
at every horizon 0…12 (a sample by default, all with ``-m slow``; and, with ``--with``, a
profile that has seen less), no token of a later episode may appear on stdout
or stderr; with ``--spoilers`` every token can. The plan is the command
registry's runs (``aodcli.cli.registry``): a new command joins it there.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aodcli.cli.registry import COMMANDS, Command

from ..support.canary import tokens_in
from ..support.canary_world import EPISODES, PAL, World, build_world, check, env_at, searches
from ..support.helpers import aod, leaf_commands

pytestmark = pytest.mark.heavy  # real processes or many runs: out of the quick tier

MODES = ("plain", "rich", "json")

# Every command, run as the registry says (aodcli.cli.registry); commands that
# change the store run in a copy of the horizon's data folder. Some commands
# are run more ways here than the registry lists.
MORE_RUNS: dict[str, list[list[str]]] = {
    "episode": [["episode", str(n)] for n in range(1, EPISODES + 1)],
    "recap": [["recap", "--through", str(n)] for n in range(1, EPISODES + 1)],  # the story through each one
}


def _runs(command: Command) -> list[list[str]]:
    runs = [[a.replace("{other}", PAL).replace("{folder}", "{syncdir}") for a in run] for run in command.runs]
    return runs + MORE_RUNS.get(command.path, [])


READS = {"": [[]]} | {c.path: _runs(c) for c in COMMANDS if c.kind == "command" and not c.writes}
WRITES = {c.path: _runs(c) for c in COMMANDS if c.kind == "command" and c.writes}
PAGES = {c.path for c in COMMANDS if c.kind == "page"}  # run per name / per query, below
SCREENS = {c.path for c in COMMANDS if c.kind == "screen"}  # walked pane by pane: test_browse_canaries.py


def test_every_command_is_in_the_plan() -> None:
    planned = set(READS) | set(WRITES) | PAGES | SCREENS
    missing = sorted(set(leaf_commands()) - planned)
    assert not missing, f"commands missing from the canary plan: {missing}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("canary"))


def _run(w: World, h: int, args: list[str], mode: str, *, spoilers: bool = False, data: Path | None = None) -> str:
    """One command at horizon ``h``: its stdout and stderr together (tracebacks fail the test)."""
    full = (["--json"] if mode == "json" else []) + (["--spoilers"] if spoilers else []) + args
    run = aod(*full, env=env_at(w, data or w.dirs[h], mode))
    assert "Traceback" not in run.stderr, f"aod {' '.join(full)}: {run.stderr}"
    assert not isinstance(run.exception, AssertionError), run.exception
    return run.stdout + "\n" + run.stderr


def _horizon_of(args: list[str], h: int) -> int:
    """The horizon that bounds what ``args`` may show: the group's lowest with --with."""
    return min(h, max(h - 3, 0)) if "--with" in args else h


def _writes(w: World, h: int, tmp: Path) -> Iterator[tuple[list[str], Path]]:
    """Each write command, in a fresh copy of the horizon's data folder."""
    export = tmp / "export.json"
    export.write_text(aod("export", env=env_at(w, w.dirs[h])).stdout, encoding="utf-8")
    syncdir = tmp / "syncdir"  # another device's replica, which has seen every episode
    syncdir.mkdir()
    shutil.copytree(w.dirs[EPISODES], tmp / "other-device")
    aod("sync", str(syncdir), env=env_at(w, tmp / "other-device"))
    for i, (_, variants) in enumerate(sorted(WRITES.items())):
        for j, args in enumerate(variants):
            data = tmp / f"w{i}-{j}"
            shutil.copytree(w.dirs[h], data)
            yield [a.replace("{export}", str(export)).replace("{syncdir}", str(syncdir)) for a in args], data


def sweep(w: World, h: int, tmp: Path) -> set[tuple[int, str]]:
    seen: set[tuple[int, str]] = set()
    for variants in READS.values():
        for args in variants:
            for mode in MODES:
                seen |= check(_run(w, h, args, mode), _horizon_of(args, h), f"aod {' '.join(args)} ({mode})")
    for args, data in _writes(w, h, tmp):
        for mode in ("plain", "json"):
            copy = data.with_name(data.name + mode)
            shutil.copytree(data, copy)
            out = _run(w, h, args, mode, data=copy)
            seen |= check(out, _horizon_of(args, h), f"aod {' '.join(args)} ({mode})")
    for kind, name in w.names:
        for mode in MODES:
            seen |= check(_run(w, h, [kind, name], mode), h, f"aod {kind} {name!r} ({mode})")
    for query in searches(w, h):
        for mode in ("plain", "json"):
            out = _run(w, h, ["search", query], mode)
            seen |= check(out.replace(query, "<query>"), h, f"aod search {query} ({mode})")
            hidden = tokens_in(query) and min(n for n, _ in tokens_in(query)) > h
            if hidden:  # past the horizon: exactly the answer for a token that is nowhere
                nowhere = "QZ99" + query[-1]
                other = _run(w, h, ["search", nowhere], mode).replace(nowhere, "<query>")
                assert out.replace(query, "<query>") == other, f"search {query} differs from a word found nowhere"
    return seen


#: Horizons swept by default (before anything, early, late, all seen); ``-m slow`` sweeps every one.
SAMPLE = {0, 5, 11, EPISODES}


@pytest.mark.parametrize(
    "h", [pytest.param(h, marks=() if h in SAMPLE else pytest.mark.slow) for h in range(EPISODES + 1)]
)
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
