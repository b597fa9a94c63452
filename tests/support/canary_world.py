"""The canary pack installed at every horizon, and the check that nothing later shows.

``build_world`` makes the canary pack (``tests/support/canary.py``) and one data folder
per horizon 0…12: the default profile has seen the first ``h`` episodes, the
second profile (``PAL``) three fewer. ``check`` fails when a text shows a token
of an episode past the horizon. The spoiler tests of the commands and of the
browse screen share them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .canary import build, token, tokens_in
from .helpers import aod

EPISODES = 12
PAL = "pal"  # the second profile: it has seen three episodes fewer


@dataclass
class World:
    pack: Path
    planted: set[tuple[int, str]]
    names: list[tuple[str, str]]  # ("person" | "character", name)
    dirs: dict[int, Path] = field(default_factory=dict)


def env_at(w: World, data: Path, mode: str = "plain") -> dict[str, str]:
    """The environment of a command run on the canary pack with ``data`` (``mode`` "rich": in colour)."""
    env = {"AOD_DATA_DIR": str(data), "AOD_SHOW": str(w.pack), "COLUMNS": "2000"}
    if mode == "rich":
        env["FORCE_COLOR"] = "1"
    return env


def _ok(args: list[str], env: dict[str, str]) -> None:
    run = aod(*args, env=env)
    assert run.code == 0, f"setup: aod {' '.join(args)} -> {run.code}: {run.stderr}"


def build_world(root: Path) -> World:
    """The canary pack under ``root`` and a data folder for each horizon 0…12."""
    pack, planted = build(root / "pack")
    people = json.loads((pack / "people.json").read_text(encoding="utf-8"))["people"]
    chars = json.loads((pack / "characters.json").read_text(encoding="utf-8"))["characters"]
    names = [("person", p["name"]) for p in people] + [("character", c["name"]) for c in chars]
    w = World(pack, planted, names)
    for h in range(EPISODES + 1):
        data = root / f"h{h}"
        env = env_at(w, data)
        _ok(["profile", "add", PAL], env)
        if h:
            _ok(["watch", f"1-{h}", "--at", f"2026-01-0{1 + h % 9}"], env)
        if h > 3:
            _ok(["watch", f"1-{h - 3}", "--profile", PAL], env)
        w.dirs[h] = data
    return w


# `aod about --sources` lists a source that gives away a later episode by its key,
# as "S41  hidden until S01E11": the key alone tells nothing (no record shown at
# this horizon cites it), so a key right before its own hidden marker is allowed.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HIDDEN_KEY = re.compile(r'QZ\d\dK(?=[\s│|":{]*(?:hidden until|"hidden": true))')


def check(out: str, limit: int, what: str) -> set[tuple[int, str]]:
    """The tokens ``out`` shows; fails if one belongs to an episode past ``limit``."""
    seen = tokens_in(HIDDEN_KEY.sub("<hidden source>", ANSI.sub("", out)))
    late = sorted(t for t in seen if t[0] > limit)
    assert not late, f"{what} at horizon {limit} shows {[token(*t) for t in late]}:\n{out[:3000]}"
    return seen


def searches(w: World, h: int) -> list[str]:
    """Queries: a token of the next hidden and of the last episode, of each kind, and words of later twists."""
    kinds = sorted({k for _, k in w.planted})
    return [token(n, k) for k in kinds for n in sorted({min(h + 1, EPISODES), EPISODES})] + [
        "half-zombie",
        "quarantine",
        "kiss",
    ]
