"""Each pack record's keys are declared once (``pack/model.py``); the schema, the built
records, the JSON reports, the docs and the cache's rules all follow the declaration."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import typing
from dataclasses import MISSING, fields
from pathlib import Path

import pytest

import aodcli
from aodcli.pack import build, model, schema
from aodcli.pack.model import (
    EPISODE_JSON_KEYS,
    EPISODE_KEYS,
    EPISODE_LISTING_JSON_KEYS,
    EPISODE_SPOILER_KEYS,
    Character,
    Credit,
    Episode,
    Event,
    Person,
    Season,
)

from ..support.helpers import MINIPACK, REPO, copy_pack, edit_json, fails, ok

RECORDS = {
    "episodes.json": Episode,
    "people.json": Person,
    "characters.json": Character,
    "credits.json": Credit,
    "events.json": Event,
    "seasons.json": Season,
}
#: What an episode object holds besides the episode's own keys: the viewer's progress.
PROGRESS_KEYS = ("watched", "times_watched", "skipped", "score")
PAGE_EXTRAS = {"events", "notes", "history"}


@pytest.mark.parametrize("file", RECORDS)
def test_each_file_is_checked_against_its_records_declaration(file):
    cls = RECORDS[file]
    _, spec = schema.FILES[file]
    assert spec == ("list", ("obj", schema.record_schema(cls)))
    declared = {f.name: f for f in fields(cls) if "spec" in f.metadata}
    assert list(schema.record_schema(cls)) == list(declared) == list(model.file_keys(cls))
    for name, (_, required) in schema.record_schema(cls).items():
        assert required == (declared[name].default is MISSING), name


def _python_type(spec: object) -> object:
    optional = isinstance(spec, str) and spec.endswith("?")
    base = spec[:-1] if optional and isinstance(spec, str) else spec
    if base == "sources":
        found: object = tuple[str, ...]
    elif isinstance(base, tuple) and base[0] == "list":
        item = base[1]
        found = tuple[item if isinstance(item, type) else _python_type(item), ...]
    elif isinstance(base, tuple) and base[0] == "obj":
        found = dict[str, typing.Any]
    else:
        found = {"int": int, "bool": bool}.get(base, str)
    return found | None if optional else found


@pytest.mark.parametrize("cls", [*RECORDS.values(), model.Alias])
def test_each_declared_type_matches_its_spec(cls):
    """The annotation mypy checks and the spec the validator checks say the same thing."""
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        if "spec" in f.metadata:
            want = _python_type(f.metadata["spec"])
            assert hints[f.name] == want, f"{cls.__name__}.{f.name}: {hints[f.name]} but the spec says {want}"


def test_built_records_hold_every_declared_key_and_tuples_for_lists():
    from aodcli.pack import load_pack

    pack = load_pack(str(MINIPACK))
    built = {
        "episodes.json": pack.episodes,
        "people.json": list(pack.people.values()),
        "characters.json": list(pack.characters.values()),
        "credits.json": pack.credits,
        "events.json": pack.events,
        "seasons.json": pack.seasons,
    }
    for file, records in built.items():
        raw = pack.raw(file)
        assert len(records) == len(raw)
        for record in records:
            for name in model.file_keys(type(record)):
                value = getattr(record, name)
                assert not isinstance(value, list), f"{file}: {name} is a list"
    ep = pack.episodes[0]
    first = next(e for e in pack.raw("episodes.json") if e["id"] == ep.id)
    defaults = {f.name: f.default for f in fields(Episode)}
    for name in EPISODE_KEYS:
        stored = first.get(name, defaults[name])
        assert getattr(ep, name) == (tuple(stored) if isinstance(stored, list) else stored), name
    assert ep.code == "S01E01" and ep.position == 0


def test_make_builds_by_keyword_and_fills_left_out_keys_with_their_defaults():
    credit = build.make(
        Credit, {"person": "p", "character": None, "job": "actor", "season": 1, "billing": "main", "sources": ["S1"]}
    )
    assert credit == Credit(
        person="p", character=None, job="actor", season=1, billing="main", disputed=False, notes=None, sources=("S1",)
    )
    with pytest.raises(TypeError):
        Credit("p", None, "actor", 1, "main", sources=())


def test_every_declared_episode_key_is_printed_where_declared():
    ok("watch", "1")
    listing = ok("episodes", "--json").json()["episodes"]
    assert [list(e) for e in listing] == [[*EPISODE_LISTING_JSON_KEYS, *PROGRESS_KEYS]] * len(listing)
    page = ok("episode", "1", "--json").json()
    assert list(page)[: len(EPISODE_LISTING_JSON_KEYS)] == list(EPISODE_LISTING_JSON_KEYS)
    assert set(page) == set(EPISODE_JSON_KEYS) | set(PROGRESS_KEYS) | PAGE_EXTRAS
    unprinted = {f.name for f in fields(Episode)} - set(EPISODE_JSON_KEYS)
    assert unprinted == {"position"}


def test_episode_spoiler_keys_are_hidden_until_watched():
    assert set(EPISODE_SPOILER_KEYS) == {"synopsis", "characters"}
    unseen = ok("episode", "3", "--json").json()
    for name in EPISODE_SPOILER_KEYS:
        assert unseen[name] == {"hidden": True, "until": "S01E03"}
    listed = ok("episodes", "--json").json()["episodes"][2]
    assert all(listed[k] == {"hidden": True, "until": "S01E03"} for k in EPISODE_SPOILER_KEYS if k in listed)


def test_a_missing_required_episode_key_is_named(tmp_path):
    required = [k for k, (_, needed) in schema.EPISODE.items() if needed]
    assert required
    for name in required:
        pack = copy_pack(MINIPACK, tmp_path / name)
        edit_json(pack / "episodes.json", lambda doc, name=name: doc["episodes"][0].pop(name))
        err = fails(1, "--show", str(pack), "episodes").stderr
        assert f"episodes.json: episodes[0].{name}: missing" in err


def _table_keys(text: str, heading: str) -> dict[str, str]:
    """Each key in the tables under ``heading`` in docs/data-format.md (up to the next
    heading), with its description (the row's last cell)."""
    rows: dict[str, str] = {}
    for line in text[text.index(heading) :].splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.strip().startswith("| `"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows |= dict.fromkeys(re.findall(r"`([a-z_]+)`", cells[0]), cells[-1])
    return rows


@pytest.mark.parametrize("file", ["episodes.json", "characters.json", "credits.json", "events.json", "seasons.json"])
def test_docs_tables_list_the_declared_keys(file):
    text = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    rows = _table_keys(text, f"### `{file}`")
    cls = RECORDS[file]
    if cls is Character:  # the name block's own table holds the rest
        rows |= {k: v for k, v in _table_keys(text, "A **name** block").items() if k not in rows}
    assert set(rows) == set(model.file_keys(cls))
    optional = {f.name for f in fields(cls) if "spec" in f.metadata and f.default is not MISSING}
    for name, text_ in rows.items():
        assert text_.startswith("optional") == (name in optional), f"{file}: {name}: {text_!r}"


# ---- a newcomer's change ----------------------------------------------------
# (the key's name is made up, so that the test still holds once a real key is added)

NEW_KEY = '    made_up_rating: str | None = key("str?", default=None, json="listing")\n'
NEW_REQUIRED_KEY = '    made_up_rating: str = key("text", json="listing")\n'


def _source_copy(dest: Path, declaration: str | None) -> Path:
    """A copy of the aodcli package under test, with ``declaration`` added to ``Episode``."""
    package = Path(aodcli.__file__).parent
    shutil.copytree(package, dest / "aodcli", ignore=shutil.ignore_patterns("__pycache__"))
    if declaration is not None:
        path = dest / "aodcli" / "pack" / "model.py"
        text = path.read_text(encoding="utf-8")
        anchor = "    position: int = derived()"
        assert text.count(anchor) == 1
        path.write_text(text.replace(anchor, declaration + anchor), encoding="utf-8")
    return dest


def _aod(source: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "aodcli", *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_a_new_optional_episode_key_is_one_declaration(tmp_path):
    """Adding an optional key to ``Episode`` (one line, nothing else): packs are checked for it,
    the episode holds it, both JSON reports print it."""
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    before = _source_copy(tmp_path / "before", None)
    after = _source_copy(tmp_path / "after", NEW_KEY)

    # the pack without the key: both read it; the new key prints as null
    assert _aod(before, "--show", str(pack), "episodes").returncode == 0  # now cached as valid
    shown = json.loads(_aod(after, "--show", str(pack), "--json", "episode", "1").stdout)
    assert shown["made_up_rating"] is None
    assert list(shown).index("made_up_rating") < list(shown).index("watched")  # among the episode's own keys

    def rate(doc: dict[str, typing.Any]) -> None:
        doc["episodes"][0]["made_up_rating"] = "15"

    edit_json(pack / "episodes.json", rate)
    listing = json.loads(_aod(after, "--show", str(pack), "--json", "episodes").stdout)
    assert listing["episodes"][0]["made_up_rating"] == "15"
    refused = _aod(before, "--show", str(pack), "episodes")
    assert refused.returncode == 1
    assert "episodes.json: episodes[0].made_up_rating: unknown key" in refused.stderr

    edit_json(pack / "episodes.json", lambda doc: doc["episodes"][0].update(made_up_rating=15))
    wrong = _aod(after, "--show", str(pack), "episodes")
    assert "episodes.json: episodes[0].made_up_rating: expected a string, got an integer" in wrong.stderr


def test_a_changed_declaration_makes_cached_packs_be_validated_again(tmp_path):
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    before = _source_copy(tmp_path / "before", None)
    assert _aod(before, "--show", str(pack), "episodes").returncode == 0
    assert _aod(before, "--show", str(pack), "episodes").returncode == 0  # from the cache
    required = _source_copy(tmp_path / "required", NEW_REQUIRED_KEY)
    refused = _aod(required, "--show", str(pack), "episodes")
    assert refused.returncode == 1
    assert "episodes.json: episodes[0].made_up_rating: missing" in refused.stderr


def test_the_rules_tag_reads_modules_that_exist():
    """A renamed module would count as empty in the pack cache's key (``cachekeys.CACHE_SOURCES``):
    its changes unseen."""
    from aodcli import cachekeys

    package = Path(aodcli.__file__).parent
    assert "pack/model.py" in cachekeys.CACHE_SOURCES["packs"]
    for name in cachekeys.source_files("packs"):
        assert (package / name).is_file(), name
