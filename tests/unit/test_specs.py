"""The episode SPEC grammar (`1`, `1-3`, `s01e02`, `next`, lists): parsing, formatting and its errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aodcli.episode_specs import format_spec, parse_one, parse_spec
from aodcli.errors import SpecError
from aodcli.pack import load_pack

from ..support.helpers import MINIPACK


@pytest.fixture(scope="module")
def mini():  # 3 episodes in s1, 2 in s2, s3 announced
    return load_pack(str(MINIPACK))


@pytest.fixture(scope="module")
def bundled():
    return load_pack()


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        ("3", ["s01e03"]),
        ("s1e3", ["s01e03"]),
        ("S01E03", ["s01e03"]),
        ("1x03", ["s01e03"]),
        ("1x3", ["s01e03"]),
        ("1-4", ["s01e01", "s01e02", "s01e03", "s01e04"]),
        ("1,3,5", ["s01e01", "s01e03", "s01e05"]),
        ("5,1-3", ["s01e01", "s01e02", "s01e03", "s01e05"]),
        (" 1 - 3 , 5 ", ["s01e01", "s01e02", "s01e03", "s01e05"]),
        ("3,3,2-3", ["s01e02", "s01e03"]),
        ("12", ["s01e12"]),
        ("S1", [f"s01e{n:02d}" for n in range(1, 13)]),
        ("all", [f"s01e{n:02d}" for n in range(1, 13)]),
        ("ALL", [f"s01e{n:02d}" for n in range(1, 13)]),
        ("s1e1-s1e3", ["s01e01", "s01e02", "s01e03"]),
        ("S01E01-12", [f"s01e{n:02d}" for n in range(1, 13)]),
        ("1x01-1x04", ["s01e01", "s01e02", "s01e03", "s01e04"]),
        ("3-s1e5", ["s01e03", "s01e04", "s01e05"]),
        ("s1e11-1x12", ["s01e11", "s01e12"]),
        ("３", ["s01e03"]),  # full-width, as an IME types it
        ("Ｓ０１Ｅ０３", ["s01e03"]),
        ("１－３", ["s01e01", "s01e02", "s01e03"]),
    ],
)
def test_spec_table(bundled, spec, want):
    assert parse_spec(spec, bundled) == want


@pytest.mark.parametrize(
    ("spec", "part"),
    [
        ("1-x3", "'x3' is not an episode number"),
        ("13", "there is no episode 13"),
        ("0", "there is no episode 0"),
        ("s2", "season 2 has no episodes yet (post-production)"),
        ("s9", "there is no season 9"),
        ("s1e13", "there is no S01E13"),
        ("4-2", "ends before it starts"),
        ("", "empty SPEC"),
        ("1,,2", "empty item"),
        ("s1e3-1", "ends before it starts"),  # 1 after a code: S01E01
        ("S01E01-13", "there is no S01E13"),
        ("١", "is not an episode number"),  # Arabic-Indic digit
        ("99999999999", "too large"),
        ("next,1", "must be used on its own"),
        ("-3", "needs a start"),
        ("3-", "needs an end"),
        ("next", "no next episode"),
    ],
)
def test_bad_specs_name_the_bad_part(bundled, spec, part):
    with pytest.raises(SpecError) as err:
        parse_spec(spec, bundled)
    assert part in str(err.value)


def test_bare_number_counts_across_seasons(mini):
    assert parse_spec("4", mini) == ["s02e01"]
    assert parse_spec("2-4", mini) == ["s01e02", "s01e03", "s02e01"]
    assert parse_spec("s2", mini) == ["s02e01", "s02e02"]
    assert parse_spec("2x2", mini) == ["s02e02"]


def test_parse_one_refuses_several(bundled):
    assert parse_one("s1e3", bundled) == "s01e03"
    with pytest.raises(SpecError, match="names 2 episodes"):
        parse_one("1-2", bundled)


@given(st.text(max_size=200))
def test_any_text_is_a_set_or_a_spec_error(text):
    pack = load_pack()
    try:
        ids = parse_spec(text, pack)
    except SpecError:
        return
    assert ids and len(ids) == len(set(ids))
    assert all(pack.episode(i) is not None for i in ids)


@given(st.sets(st.integers(1, 12), min_size=1))
def test_format_round_trips(numbers):
    pack = load_pack()
    ids = [f"s01e{n:02d}" for n in sorted(numbers)]
    canon = format_spec(ids, pack)
    assert parse_spec(canon, pack) == ids
    assert format_spec(parse_spec(canon, pack), pack) == canon


@given(st.lists(st.integers(1, 12), min_size=1, max_size=5), st.lists(st.integers(1, 12), min_size=1, max_size=5))
def test_union(a, b):
    pack = load_pack()
    sa, sb = ",".join(map(str, a)), ",".join(map(str, b))
    assert set(parse_spec(sa + "," + sb, pack)) == set(parse_spec(sa, pack)) | set(parse_spec(sb, pack))


def test_huge_range_is_rejected_quickly(bundled):
    with pytest.raises(SpecError, match="there is no episode 999999"):
        parse_spec("1-999999", bundled)
