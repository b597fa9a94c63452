"""A bad data pack's error in the run's language: the sentence is translated, the file, the
JSON path inside it and the values stay as they are."""

from __future__ import annotations

from pathlib import Path

from aodcli.i18n import catalog_path

from ..support.helpers import MINIPACK, Run, aod, copy_pack, edit_json, fails

QPS = {"AOD_LANG": "qps"}


def refused(pack: Path, env: dict[str, str]) -> Run:
    """``aod episodes`` on the pack: exit 1, one line on stderr."""
    run = aod("episodes", "--show", str(pack), env=env)
    assert run.code == 1 and run.stdout == "" and run.stderr.count("\n") == 1, run
    return run


def test_each_part_of_the_sentence_goes_through_the_catalog(tmp_path: Path) -> None:
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    edit_json(pack / "episodes.json", lambda d: d["episodes"][1].update(runtime=[41]))
    run = refused(pack, QPS)
    assert "⟦invalid data pack: episodes.json: episodes[1].runtime: ⟦expected an integer, got ⟦a list⟧⟧⟧" in run.stderr
    edit_json(pack / "episodes.json", lambda d: d["episodes"][1].update(runtime=41, characters=["c-nobody"]))
    run = refused(pack, QPS)
    assert "episodes[1].characters[0]: ⟦unknown character id 'c-nobody'⟧" in run.stderr


def test_a_count_of_one_reads_in_the_singular(tmp_path: Path) -> None:
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    edit_json(pack / "seasons.json", lambda d: d["seasons"][0].update(episode_count=1))
    run = fails(1, "episodes", "--show", str(pack))
    assert "seasons[0].episode_count: says 1 episode but episodes.json lists 3" in run.stderr


def test_korean(tmp_path: Path) -> None:
    pack = copy_pack(MINIPACK, tmp_path / "pack")
    edit_json(pack / "episodes.json", lambda d: d["episodes"][0].update(season=7))
    run = refused(pack, {"AOD_LANG": "ko"})
    if not Path(catalog_path("ko")).exists():
        return  # a checkout whose catalogs were never compiled speaks English
    assert "잘못된 데이터 팩: episodes.json: episodes[0].season: seasons.json에 시즌 7이(가) 없습니다" in run.stderr
