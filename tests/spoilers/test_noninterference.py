"""Spoiler-freedom as information flow: at horizon N, nothing the pack says only about episodes after N may
change any output.

Variants of the real pack differ only in what belongs to episodes after N: each such event's text, type
and episode (or the event deleted, or moved to another later episode), the appearance lists, synopses and
recaps of later episodes, sources whose title or address gives a later episode away, later-season credits and
timeline entries that wait for the season's end. Every command a fan runs (plain text and JSON; pages per
name; search) must print byte for byte the same at horizon N on the real pack and on every variant.
The default run tries a few horizons, one variant each (in Korean, one horizon); `-m slow` tries every
horizon with six variants, and Korean at horizon 0 too.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from aodcli.store import clock as clock_module

from ..support.helpers import BUNDLED, aod

pytestmark = pytest.mark.heavy  # out of the quick tier: every command on many pack variants

EPISODES = 12
TYPES = ("infected", "turns", "half_zombie", "dies", "presumed_dead", "leaves", "survives")
COMMANDS: list[list[str]] = [
    [],
    ["episodes"],
    *[["episode", str(n)] for n in range(1, EPISODES + 1)],
    ["about"],
    ["about", "--sources"],
    ["cast"],
    ["characters"],
    ["next"],
    ["recap"],
    ["recap", "--season", "1"],
    ["recap", "--through", str(EPISODES)],
    ["progress"],
    ["stats"],
    ["card"],
    ["history"],
    ["notes"],
    ["prompt"],
    ["export"],
    ["search", "lee"],
    ["search", "nam"],
    ["search", "zombie"],
    ["search", "commander"],
]


def _load(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _save(folder: Path, name: str, doc: Any) -> None:
    (folder / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def variant(dest: Path, horizon: int, seed: int) -> Path:
    """A copy of the real pack changed, at random, only in what belongs to episodes after ``horizon``."""
    rng = random.Random(seed)
    shutil.copytree(BUNDLED, dest)
    episodes = _load(dest, "episodes.json")
    number = {e["id"]: e["number"] for e in episodes["episodes"] if e["season"] == 1}
    later = sorted((i for i, n in number.items() if n > horizon), key=number.__getitem__)
    season_done = horizon >= EPISODES  # later-season facts wait for the end of season 1

    def after(episode: str | None, floor: int = 0) -> bool:
        return episode is not None and episode in number and number[episode] > max(horizon, floor)

    for ep in episodes["episodes"]:
        if after(ep["id"]):
            ep["synopsis"] = f"Variant {seed}: {rng.random():.6f}"
        if after(ep["id"], floor=1):  # who is there when the show starts is no spoiler
            names = list(ep["characters"])
            rng.shuffle(names)
            ep["characters"] = names[: rng.randint(0, len(names))]
    _save(dest, "episodes.json", episodes)

    events = _load(dest, "events.json")
    kept = []
    for ev in events["events"]:
        floor = 1 if ev["type"] == "first_appears" else 0  # (episode 1's cast: no spoiler)
        if not (after(ev.get("reveals"), floor) or after(ev.get("episode"), floor)):
            kept.append(ev)
            continue
        action = rng.choice(["text", "type", "delete", "move"])
        if action == "delete":
            continue
        if action == "text":
            ev["text"] = f"Variant {seed} text {rng.random():.6f}"
        elif action == "type" and ev["type"] != "first_appears":
            ev["type"] = rng.choice(TYPES)
        elif action == "move" and [e for e in later if number[e] > max(horizon, floor)]:
            ev["episode"] = rng.choice([e for e in later if number[e] > max(horizon, floor)])
            ev.pop("reveals", None)
        kept.append(ev)
    events["events"] = kept
    _save(dest, "events.json", events)

    sources = _load(dest, "sources.json")
    for key, src in sources["sources"].items():
        if after(src.get("reveals")):
            src["title"] = f"Variant {seed} {key}"
            src["url"] = f"https://example.org/{seed}/{key}"
    _save(dest, "sources.json", sources)

    seasons = _load(dest, "seasons.json")
    for s in seasons["seasons"]:
        if "recaps" in s:  # the story through a later episode: reworded, or gone
            later_told = [r for r in s["recaps"] if after(r["episode"])]
            for recap in later_told:
                recap["paragraphs"] = [f"Variant {seed} recap {rng.random():.6f}"] * rng.randint(1, 4)
            gone = {r["id"] for r in later_told if rng.random() < 0.3}
            s["recaps"] = [r for r in s["recaps"] if r["id"] not in gone]
        for item in [] if season_done else s.get("timeline") or []:
            if after(item.get("reveals")):
                item["text"] = f"Variant {seed} timeline"
    _save(dest, "seasons.json", seasons)
    if not season_done:
        credits = _load(dest, "credits.json")
        first = [c for c in credits["credits"] if c.get("season", 1) == 1]
        back = {c.get("person") for c in first} | {c.get("character") for c in first} - {None}
        for c in credits["credits"]:  # a returning actor or character: who survives season 1 (crew: no spoiler)
            returning = c.get("person") in back or c.get("character") in back
            if c.get("season", 1) > 1 and c.get("job") == "actor" and returning and c.get("notes"):
                c["notes"] = f"Variant {seed} credit note"
        _save(dest, "credits.json", credits)
    return dest


#: Commands that write: each runs on a fresh copy of the horizon's data folder, at one path.
WRITES: list[list[str]] = [["watch", "next"], ["skip", "next"], ["rate", "1", "7"], ["undo", "--list"]]
#: Errors and suggestions, and help.
OTHER: list[list[str]] = [["character", "nobody-at-all"], ["search", "zzqx"], ["--help"], ["characters", "--help"]]
RICH: list[list[str]] = [["episodes"], ["characters"], ["cast"], ["about"]]


def _outputs(pack: Path, data: Path, names: list[tuple[str, str]], lang: str = "en") -> dict[str, str]:
    """What every command prints (exit code, stdout, stderr), by a label of how it ran, in ``lang``."""
    env = {"AOD_DATA_DIR": str(data), "AOD_SHOW": str(pack), "COLUMNS": "200", "AOD_LANG": lang}
    lines = COMMANDS + OTHER + [[kind, n] for kind, n in names]
    runs = [(" ".join([*mode, *args]), [*mode, *args], env) for args in lines for mode in ([], ["--json"])]
    runs += [("rich " + " ".join(args), args, {**env, "FORCE_COLOR": "1"}) for args in RICH]
    work = data.parent / "work"
    runs += [("write " + " ".join(args), args, {**env, "AOD_DATA_DIR": str(work)}) for args in WRITES]
    out = {}
    for label, argv, run_env in runs:
        if label.startswith("write "):  # a fresh copy of the horizon's folder, at the same path every time
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(data, work)
        run = aod(*argv, env=run_env)
        stdout = "\n".join(line for line in run.stdout.splitlines() if '"exported_at"' not in line)  # the clock's
        out[label] = f"{run.code}\n{stdout}\n{run.stderr}"
    return out


def _names(every: int) -> list[tuple[str, str]]:
    """("character" | "person", name): every ``every``-th of each (1: all of them)."""
    chars = [("character", c["name"]) for c in _load(BUNDLED, "characters.json")["characters"]]
    people = [("person", p["name"]) for p in _load(BUNDLED, "people.json")["people"]]
    return chars[::every] + people[::every]


def _check(tmp: Path, horizon: int, seeds: list[int], every: int = 3, lang: str = "en") -> None:
    # One moment for every run: "days since the last watch" must not move between the real pack's
    # outputs and a variant's (a run that crossed the watch's time of day failed on 338 against 339).
    moment = clock_module.utc_now()
    with mock.patch.object(clock_module, "clock", lambda: moment):
        _compare(tmp, horizon, seeds, every, lang)


def _compare(tmp: Path, horizon: int, seeds: list[int], every: int, lang: str) -> None:
    data = tmp / "data"
    env = {"AOD_DATA_DIR": str(data), "AOD_SHOW": str(BUNDLED)}
    if horizon:
        run = aod("watch", f"1-{horizon}", "--at", "2026-01-02", env=env)
        assert run.code == 0, run.stderr
    names = _names(every)
    base = _outputs(BUNDLED, data, names, lang)
    for seed in seeds:
        pack = variant(tmp / f"variant-{seed}", horizon, seed)
        got = _outputs(pack, data, names, lang)
        differ = [k for k in base if got[k] != base[k]]
        if differ:
            first = differ[0]
            raise AssertionError(
                f"horizon {horizon}, variant {seed} ({lang}): {differ[:5]}\n--- real\n{base[first][:1500]}\n"
                f"--- variant\n{got[first][:1500]}"
            )


@pytest.mark.parametrize("horizon", [0, 6, 11])
def test_noninterference_at_a_few_horizons(horizon: int, tmp_path: Path) -> None:
    _check(tmp_path, horizon, [horizon * 100 + 1])


@pytest.mark.parametrize("horizon", [6, pytest.param(0, marks=pytest.mark.slow)])
def test_noninterference_in_korean(horizon: int, tmp_path: Path) -> None:
    """The same proof when aod speaks Korean (the pack's Korean texts, Korean words and formats)."""
    _check(tmp_path, horizon, [horizon * 100 + 3], lang="ko")


@pytest.mark.slow
@pytest.mark.parametrize("horizon", range(EPISODES))
def test_noninterference_at_every_horizon(horizon: int, tmp_path: Path) -> None:
    _check(tmp_path, horizon, [horizon * 1000 + s for s in range(6)], every=1)
