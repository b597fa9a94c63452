"""The canary pack: the real pack with a token in every piece of text tied to an episode.

Every text that an episode reveals (its synopsis, the events it holds, the
recap told through it, the sources whose title or address gives it away,
season-2 facts that wait for the end of season 1, timeline entries…) starts with a token naming that
episode's position in the show: ``QZ07S`` is synopsis text of the 7th episode.
A profile whose horizon is episode 4 must never see a token numbered 5 or
more, whatever command it runs; with ``--spoilers`` every token can show.

Tokens are short and without spaces, so neither Rich's wrapping nor a cut
(``…``) at the end of a cell can hide one at the widths the test uses.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from .helpers import BUNDLED

TOKEN = re.compile(r"QZ(\d\d)([A-Z])")
KINDS = {
    "S": "synopsis",
    "E": "event text",
    "R": "source title",
    "U": "source address",
    "K": "key of a source that gives an episode away",
    "C": "later-season credit note",
    "T": "timeline entry",
    "P": "recap paragraph",
}


def token(n: int, kind: str) -> str:
    return f"QZ{n:02d}{kind}"


def tokens_in(text: str) -> set[tuple[int, str]]:
    return {(int(n), kind) for n, kind in TOKEN.findall(text)}


def _load(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _save(folder: Path, name: str, doc: Any) -> None:
    (folder / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def build(dest: Path) -> tuple[Path, set[tuple[int, str]]]:
    """Write the canary pack to ``dest``; return its folder and every token planted."""
    shutil.copytree(BUNDLED, dest)
    planted: set[tuple[int, str]] = set()

    def plant(n: int, kind: str, text: str | None) -> str:
        planted.add((n, kind))
        return f"{token(n, kind)} {text or ''}".rstrip()

    episodes = _load(dest, "episodes.json")
    position = {e["id"]: i + 1 for i, e in enumerate(episodes["episodes"])}
    last_of: dict[int, str] = {}
    for e in episodes["episodes"]:
        last_of[e["season"]] = e["id"]
    sources = _load(dest, "sources.json")
    for e in episodes["episodes"]:
        n = position[e["id"]]
        e["synopsis"] = plant(n, "S", e["synopsis"])
        key = plant(n, "K", None)  # one source per episode, cited by that episode, that gives it away
        sources["sources"][key] = {"title": f"canary recap of episode {n}", "url": None, "reveals": e["id"]}
        e["sources"].append(key)
    _save(dest, "episodes.json", episodes)

    for src in sources["sources"].values():
        if src.get("reveals"):
            n = position[src["reveals"]]
            src["title"] = plant(n, "R", src["title"])
            src["url"] = f"https://canary.invalid/{plant(n, 'U', None)}"
    _save(dest, "sources.json", sources)

    events = _load(dest, "events.json")
    for ev in events["events"]:
        reveal = ev["episode"] or last_of.get(ev["season"])
        if reveal is not None:
            ev["text"] = plant(position[reveal], "E", ev["text"])
    _save(dest, "events.json", events)

    seasons = _load(dest, "seasons.json")
    for s in seasons["seasons"]:
        for entry in s.get("timeline") or []:
            if entry.get("reveals"):
                entry["text"] = plant(position[entry["reveals"]], "T", entry["text"])
        for recap in s.get("recaps") or []:  # the story so far through its episode: every paragraph
            recap["paragraphs"] = [plant(position[recap["episode"]], "P", p) for p in recap["paragraphs"]]
    _save(dest, "seasons.json", seasons)

    # An acting credit in a later season for someone (actor or character) of an
    # earlier one tells who returns: it waits for the end of the season before.
    credits = _load(dest, "credits.json")
    characters = {c["id"]: c for c in _load(dest, "characters.json")["characters"]}
    actors = [c for c in credits["credits"] if c["job"] == "actor"]
    for c in actors:
        if c["season"] < 2:
            continue
        earlier = any(o["person"] == c["person"] and o["season"] < c["season"] for o in actors)
        char = characters.get(c["character"] or "")
        if char is not None and min(char["seasons"]) < c["season"]:
            earlier = True
        gate = last_of.get(c["season"] - 1)
        if earlier and gate is not None:
            c["notes"] = plant(position[gate], "C", c["notes"])
    _save(dest, "credits.json", credits)
    return dest, planted
