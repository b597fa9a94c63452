"""The spoiler proof in Korean: the canary pack gets Korean texts that carry the same tokens as
its English ones (each tied to the same episode), and every command of the registry's plan, in
plain text and JSON, shows no token past the horizon when it speaks Korean; within the horizon
the Korean texts do show (the check is not vacuous)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from aodcli.cli.registry import COMMANDS

from ..support.canary import TOKEN, token
from ..support.canary_world import EPISODES, PAL, World, build_world, check, env_at
from ..support.helpers import aod

pytestmark = pytest.mark.heavy

READS = [[]] + [
    [a.replace("{other}", PAL) for a in run]
    for c in COMMANDS
    if c.kind == "command" and not c.writes
    for run in c.runs
    if "{folder}" not in " ".join(run) and "{export}" not in " ".join(run)
]
LEADING_TOKEN = re.compile(r"^(QZ\d\d[A-Z]) ")
# A source key right before its own hidden marker tells nothing (as canary_world's check allows in
# English): the Korean marker is "S01E07까지 보면 공개".
KOREAN_HIDDEN_KEY = re.compile(r"QZ\d\dK(?=[\s│|\":{]*S\d\dE\d\d까지 보면 공개)")


def _resolve(pack: Path, where: str) -> tuple[Any, str] | None:
    """The holder of the text ``where`` names in the pack's files, and its key."""
    steps = where.split("/")
    doc = json.loads((pack / f"{steps[0]}.json").read_text(encoding="utf-8"))
    node: Any = doc if steps[0] == "show" else next(iter(doc.values()))
    rest = steps[1:]
    if steps[0] not in ("show", "credits"):
        node = next((r for r in node if r.get("id") == rest[0]), None)
        rest = rest[1:]
    for step in rest[:-1]:
        node = node[int(step)] if isinstance(node, list) else node.get(step)
        if node is None:
            return None
    return node, rest[-1]


def korean_canaries(pack: Path) -> int:
    """Give the canary pack Korean texts carrying its tokens; return how many carry one."""
    doc = json.loads((pack / "texts.ko.json").read_text(encoding="utf-8"))
    carried = 0
    for entry in doc["texts"]:
        found = _resolve(pack, entry["where"])
        if found is None:
            continue
        holder, key = found
        current = holder[key] if isinstance(holder, dict) else holder[int(key)]
        planted = LEADING_TOKEN.match(current) if isinstance(current, str) else None
        if planted:
            entry["en"], entry["text"] = current, f"{planted.group(1)} {entry['text']}"
            carried += 1
    (pack / "texts.ko.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return carried


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    w = build_world(tmp_path_factory.mktemp("canary-ko"))
    assert korean_canaries(w.pack) > EPISODES  # every synopsis at least
    return w


def _run(w: World, h: int, args: list[str], json_mode: bool) -> str:
    env = {**env_at(w, w.dirs[h]), "AOD_LANG": "ko"}
    run = aod(*(["--json"] if json_mode else []), *args, env=env)
    assert "Traceback" not in run.stderr, run.stderr
    return KOREAN_HIDDEN_KEY.sub("<hidden source>", run.stdout + "\n" + run.stderr)


#: Horizons swept by default: nothing seen yet, and midway (at the last one, every text may show,
#: so nothing can leak); ``-m slow`` sweeps every one.
SAMPLE = {0, 5}


@pytest.mark.parametrize(
    "h", [pytest.param(h, marks=() if h in SAMPLE else pytest.mark.slow) for h in range(EPISODES + 1)]
)
def test_no_canary_past_the_horizon_in_korean(world: World, h: int) -> None:
    seen: set[tuple[int, str]] = set()
    for args in READS + [["episode", str(n)] for n in range(1, EPISODES + 1)]:
        for json_mode in (False, True):
            seen |= check(_run(world, h, args, json_mode), h, f"aod {' '.join(args)} (ko, json={json_mode})")
    for kind, name in world.names:
        seen |= check(_run(world, h, [kind, name], False), h, f"aod {kind} {name!r} (ko)")
    if h:
        page = _run(world, h, ["episode", str(h)], False)
        assert token(h, "S") in page and re.search("[가-힣]{4}", page.split(token(h, "S"), 1)[1]), (
            "the Korean synopsis of the last episode watched does not show"
        )
        assert (h, "S") in seen
    assert all(TOKEN.fullmatch(token(n, k)) for n, k in seen)
