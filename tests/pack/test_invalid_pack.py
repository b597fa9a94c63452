"""A bad data pack gives one line naming the file, the path and the problem."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aodcli.cachekeys import PACK_FILES
from aodcli.errors import PackError
from aodcli.pack import load_pack

from ..support.helpers import MINIPACK, copy_pack, edit_json, fails, ok


def _recap(recap_id: str, episode: str, paragraphs: list[str] | None = None) -> dict[str, object]:
    return {
        "id": recap_id,
        "episode": episode,
        "paragraphs": ["So far."] if paragraphs is None else paragraphs,
        "sources": [],
    }


CASES = [
    (
        "episodes.json",
        lambda d: d["episodes"][1].update(runtime="41"),
        "episodes.json: episodes[1].runtime: expected an integer, got '41'",
    ),
    ("episodes.json", lambda d: d["episodes"][0].pop("blurb"), "episodes.json: episodes[0].blurb: missing"),
    ("episodes.json", lambda d: d["episodes"][0].update(extra=1), "episodes.json: episodes[0].extra: unknown key"),
    ("episodes.json", lambda d: d["episodes"][2].update(id="s01e01"), "duplicate id 's01e01'"),
    (
        "episodes.json",
        lambda d: d["episodes"][0].update(release_date="2020-02-30"),
        "episodes[0].release_date: expected a date YYYY-MM-DD",
    ),
    ("episodes.json", lambda d: d["episodes"][0].update(season=7), "episodes[0].season: no season 7"),
    (
        "episodes.json",
        lambda d: d["episodes"][0].update(characters=["c-nobody"]),
        "episodes[0].characters[0]: unknown character id 'c-nobody'",
    ),
    (
        "credits.json",
        lambda d: d["credits"][0].update(person="p-ghost"),
        "credits.json: credits[0].person: unknown person id 'p-ghost'",
    ),
    ("events.json", lambda d: d["events"][1].update(type="explodes"), "events[1].type: expected one of"),
    ("events.json", lambda d: d["events"][1].update(episode="s09e09"), "events[1].episode: no episode 's09e09'"),
    (
        "people.json",
        lambda d: d["people"][0].update(sources=["nope"]),
        "people[0].sources[0]: unknown source key 'nope'",
    ),
    ("characters.json", lambda d: d["characters"][0].update(id="Bad Id"), "is not a valid id"),
    (
        "seasons.json",
        lambda d: d["seasons"][0].update(episode_count=9),
        "seasons[0].episode_count: says 9 episodes but episodes.json lists 3",
    ),
    ("show.json", lambda d: d.update(format=2), "show.json: format: format 2 is not supported"),
    (
        "seasons.json",
        lambda d: d["seasons"][0].update(recaps=[_recap("r1", "s09e09")]),
        "seasons[0].recaps[0].episode: no episode 's09e09' in season 1",
    ),
    (
        "seasons.json",
        lambda d: d["seasons"][0].update(recaps=[_recap("r1", "s01e02"), _recap("r2", "s01e02")]),
        "seasons[0].recaps[1].episode: a second recap through episode 's01e02'",
    ),
    (
        "seasons.json",
        lambda d: d["seasons"][0].update(recaps=[_recap("r1", "s01e01"), _recap("r1", "s01e02")]),
        "seasons[0].recaps[1].id: duplicate id 'r1'",
    ),
    (
        "seasons.json",
        lambda d: d["seasons"][0].update(recaps=[_recap("r1", "s01e01", [])]),
        "seasons[0].recaps[0].paragraphs: must not be empty",
    ),
    (
        "seasons.json",
        lambda d: d["seasons"][0].update(recaps=[_recap("r1", "s01e01", ["one\ntwo"])]),
        "seasons[0].recaps[0].paragraphs[0]: contains a line break",
    ),
    (
        "seasons.json",
        lambda d: d["seasons"][0].update(recaps=[{**_recap("r1", "s01e01"), "sources": ["nope"]}]),
        "seasons[0].recaps[0].sources[0]: unknown source key 'nope'",
    ),
]


@pytest.mark.parametrize(("file", "mutate", "message"), CASES)
def test_invalid_pack_names_file_path_and_problem(tmp_path, file, mutate, message):
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    edit_json(pack / file, mutate)
    run = fails(1, "episodes", "--show", str(pack))
    assert "invalid data pack" in run.stderr
    assert message in run.stderr


def test_top_level_must_be_an_object(tmp_path):
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    (pack / "show.json").write_text("[]", encoding="utf-8")
    assert "show.json: expected an object, got a list" in fails(1, "about", "--show", str(pack)).stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON (line 1, column 1"),
        (b'{"episodes": [', "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"episodes": NaN}', "not valid JSON"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_unreadable_files(tmp_path, content, message):
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    (pack / "episodes.json").write_bytes(content)
    run = fails(1, "episodes", "--show", str(pack))
    assert f"episodes.json: {message}" in run.stderr


def test_missing_pack_folder_and_file(tmp_path):
    fails(1, "episodes", "--show", str(tmp_path / "nowhere"))
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    (pack / "events.json").unlink()
    run = fails(1, "cast", "--show", str(pack))
    assert "events.json is missing" in run.stderr


def test_env_var_selects_the_pack(tmp_path):
    run = ok("episodes", "--json", env={"AOD_SHOW": str(MINIPACK)})
    assert run.json()["show"] == "mini-show"


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**7), st.text(max_size=12))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from(PACK_FILES),
    data=st.data(),
)
def test_random_damage_gives_a_pack_or_a_pack_error(tmp_path_factory, file, data):
    """Replace one random value anywhere in a pack: load succeeds or raises PackError."""
    pack = tmp_path_factory.mktemp("p") / "pack"
    shutil.copytree(MINIPACK, pack)
    doc = json.loads((pack / file).read_text(encoding="utf-8"))
    paths: list[tuple] = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(doc, ())
    path = data.draw(st.sampled_from(paths))
    value = data.draw(
        JSON_LEAF | st.lists(JSON_LEAF, max_size=3) | st.dictionaries(st.text(max_size=5), JSON_LEAF, max_size=3)
    )
    if path:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    else:
        doc = value
    (pack / file).write_text(json.dumps(doc), encoding="utf-8")
    try:
        loaded = load_pack(str(pack))
    except PackError as err:
        assert str(err).startswith("invalid data pack: ")
        assert "\n" not in str(err)
        return
    assert loaded.show_id


def test_a_pack_changed_after_it_was_cached_is_validated_again(tmp_path):
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    ok("episodes", "--show", str(pack))
    markers = list((tmp_path / "aod-data" / "cache" / "packs").iterdir())
    assert len(markers) == 1  # the valid pack is remembered
    ok("episodes", "--show", str(pack))  # second run: read lazily, same answer
    edit_json(pack / "credits.json", lambda d: d["credits"][0].update(person="p-ghost"))
    run = fails(1, "episodes", "--show", str(pack))
    assert "credits.json: credits[0].person: unknown person id 'p-ghost'" in run.stderr


def test_cache_folder_is_private(tmp_path):
    ok("episodes")
    for folder in (tmp_path / "aod-data", tmp_path / "aod-data" / "cache"):
        assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_later_runs_read_the_packs_parsed_copies_and_survive_damaged_ones(tmp_path):
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    first = ok("episodes", "--json", "--show", str(pack)).stdout
    [folder] = (tmp_path / "aod-data" / "cache" / "packs").iterdir()
    copies = sorted(p.name for p in folder.iterdir())
    assert "episodes.json.marshal" in copies and "valid" in copies
    assert ok("episodes", "--json", "--show", str(pack)).stdout == first  # from the copies
    # the copies are what later runs read: a (sealed) copy saying otherwise is believed
    from aodcli.fileio.cachefile import read_sealed, write_sealed

    copy, key = folder / "episodes.json.marshal", folder.name  # the folder is named by the key
    episodes = read_sealed(copy, key)
    episodes[0]["title"] = "Retitled In The Copy"
    assert write_sealed(copy, key, episodes, root=tmp_path, store_file=tmp_path / "none")
    assert "Retitled In The Copy" in ok("episodes", "--json", "--show", str(pack)).stdout
    blob = (folder / "episodes.json.marshal").read_bytes()
    (folder / "episodes.json.marshal").write_bytes(blob[:-5] + b"\x00" * 5)  # damaged: its CRC fails
    assert ok("episodes", "--json", "--show", str(pack)).stdout == first  # read from the JSON instead
    (folder / "episodes.json.marshal").unlink()
    assert ok("episodes", "--json", "--show", str(pack)).stdout == first


def test_only_the_newest_pack_signatures_are_kept(tmp_path):
    from aodcli.pack.cache import KEEP_PACKS

    pack = copy_pack(MINIPACK, tmp_path / "pack")
    packs = tmp_path / "aod-data" / "cache" / "packs"
    for i in range(KEEP_PACKS + 2):
        edit_json(pack / "show.json", lambda d, i=i: d.update(network=f"Network {i}"))
        ok("episodes", "--show", str(pack))
    assert len(list(packs.iterdir())) == KEEP_PACKS
