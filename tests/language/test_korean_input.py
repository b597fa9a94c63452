"""Korean input, in every interface language: episode SPECs (`3화`, `3-5화`, `시즌1 3화`, `시즌1`)
and `--at` days and times (`어제`, `3일 전`, `지난 금요일`, `어제 오후 9시 30분`, `21시 30분`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aodcli.episode_specs import join_korean, parse_spec
from aodcli.errors import UsageError
from aodcli.pack import load_pack
from aodcli.tracker import parse_at

from ..support.helpers import aod, fails, latest, ok

LANGUAGES = [{}, {"AOD_LANG": "ko"}, {"AOD_LANG": "qps"}]


def _codes(*n: int) -> list[str]:
    return [f"S01E{i:02d}" for i in n]


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        (["1화"], _codes(1)),
        (["3화-5화"], _codes(3, 4, 5)),
        (["3-5화"], _codes(3, 4, 5)),
        (["3화~5화"], _codes(3, 4, 5)),
        (["3 화"], _codes(3)),
        (["１２화"], _codes(12)),  # full-width, as an IME types it
        (["1화,3화"], _codes(1, 3)),
        (["시즌1 3화"], _codes(3)),
        (["시즌 1 3화"], _codes(3)),
        (["시즌1", "3화"], _codes(3)),  # as the shell splits `aod watch 시즌1 3화`
        (["시즌", "1", "3화"], _codes(3)),  # and `aod watch 시즌 1 3화`
        (["시즌1 3화-5화"], _codes(3, 4, 5)),
        (["시즌1", "3화-5화"], _codes(3, 4, 5)),
        (["시즌1 3화-시즌1 5화"], _codes(3, 4, 5)),
        (["시즌1"], _codes(*range(1, 13))),
        (["시즌 1"], _codes(*range(1, 13))),
        (["시즌1", "3"], _codes(*range(1, 13))),  # a bare number after a season: two SPECs
        (["1", "3화", "s1e5"], _codes(1, 3, 5)),
    ],
)
@pytest.mark.parametrize("env", LANGUAGES, ids=["en", "ko", "qps"])
def test_korean_specs_mark_the_episodes_they_name(spec: list[str], want: list[str], env: dict[str, str]) -> None:
    assert ok("watch", *spec, "--json", env=env).json()["changed"] == want


def test_korean_specs_name_one_episode_where_one_is_wanted() -> None:
    assert ok("episode", "3화", "--json").json()["code"] == "S01E03"
    assert ok("episode", "시즌1 12화", "--json").json()["code"] == "S01E12"
    assert ok("rate", "시즌 1 4화", "8", "--json").json()["episode"] == "S01E04"
    ok("watch", "2화")
    assert ok("watch", "--till", "4화", "--json").json()["changed"] == _codes(1, 3, 4)


@pytest.mark.parametrize(
    ("spec", "part"),
    [
        ("시즌13화", "in '시즌13화' write the season and the episode apart, as in 시즌1 3화"),
        ("시즌 1화", "write the season and the episode apart"),
        ("x화", "'x' is not an episode number"),
        ("시즌x", "'x' is not a season number"),
        ("시즌1 x화", "'x' is not an episode number"),
        ("시즌", "'시즌' needs a number, as in 시즌1"),
        ("화", "'화' needs a number, as in 3화"),
        ("3-화", "'화' needs a number"),
        ("다음", "'다음' is not an episode number"),
        ("13화", "there is no episode 13"),
        ("시즌1 13화", "there is no S01E13"),
        ("시즌9", "there is no season 9"),
        ("시즌2 1화", "season 2 has no episodes yet"),
        ("5화-3화", "range '5화-3화' ends before it starts"),
        ("1화,,2화", "empty item"),
    ],
)
def test_bad_korean_specs_name_the_bad_part(spec: str, part: str) -> None:
    err = fails(2, "watch", spec).stderr
    assert err.startswith("Error: invalid SPEC ") and part in err, err
    assert ok("history", "--json").json()["events"] == []


def _local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def _weekday_before(today: date, weekday: int, last: bool) -> date:
    back = (today.weekday() - weekday) % 7
    return today - timedelta(days=7 if last and back == 0 else back)


def _expected() -> dict[str, datetime]:
    today = date.today()
    yesterday = today - timedelta(days=1)
    return {
        "오늘": _local(today),
        "어제": _local(yesterday),
        "그저께": _local(today - timedelta(days=2)),
        "3일 전": _local(today - timedelta(days=3)),
        "3일전": _local(today - timedelta(days=3)),
        "지난 금요일": _local(_weekday_before(today, 4, last=True)),
        "금요일": _local(_weekday_before(today, 4, last=False)),
        "지난 월요일": _local(_weekday_before(today, 0, last=True)),
        "일요일": _local(_weekday_before(today, 6, last=False)),
        "어제 오후 9시": _local(yesterday, 21),
        "어제 오후 9시 30분": _local(yesterday, 21, 30),
        "어제오후9시30분": _local(yesterday, 21, 30),
        "어제 오전 9시 30분": _local(yesterday, 9, 30),
        "어제 오전 12시": _local(yesterday, 0),
        "어제 오후 12시": _local(yesterday, 12),
        "어제 21시 30분": _local(yesterday, 21, 30),
        "어제 9시 반": _local(yesterday, 9, 30),
        "어제 21:30": _local(yesterday, 21, 30),
        "yesterday 오후 9시": _local(yesterday, 21),
        "지난 금요일 오후 9시": _local(_weekday_before(today, 4, last=True), 21),
        "3일 전 21시 30분": _local(today - timedelta(days=3), 21, 30),
        "오후 9시": _local(today, 21),
        "오전 9시 30분": _local(today, 9, 30),
        "21시 30분": _local(today, 21, 30),
        "0시": _local(today),
    }


@pytest.mark.parametrize("when", list(_expected()))
def test_korean_at_records_the_local_time_it_names(when: str) -> None:
    want = _expected()[when]
    before = datetime.now(timezone.utc)
    events = ok("watch", "3", "--at", when, "--json").json()["events"]
    after = datetime.now(timezone.utc)
    got = datetime.fromisoformat(events[0]["at"].replace("Z", "+00:00"))
    assert got in latest(want, before, after), (when, got, want)  # a time of day alone may be yesterday's


@pytest.mark.parametrize("env", LANGUAGES, ids=["en", "ko", "qps"])
def test_korean_at_is_read_in_every_language(env: dict[str, str]) -> None:
    events = ok("watch", "3", "--at", "어제 오후 9시 30분", "--json", env=env).json()["events"]
    want = _local(date.today() - timedelta(days=1), 21, 30)
    assert datetime.fromisoformat(events[0]["at"].replace("Z", "+00:00")) == want


@pytest.mark.parametrize(
    ("when", "part"),
    [
        ("지난 금욜", "'금욜' is not a day or a time"),
        ("금욜", "'금욜' is not a day or a time"),
        ("어제께", "'어제께' is not a day or a time"),
        ("어제 오후 9시 30분 뒤", "'뒤' is not a day or a time"),
        ("오후 어제", "'오후 어제' is not a day or a time"),
        ("3 전", "'3 전' is not a day or a time"),
        ("지난", "'지난' is not a day or a time"),
        ("어제 7", "'7' is not a day or a time"),
        ("99999999일 전", "'99999999일 전' is not a day or a time"),
        ("어제 오후 13시", "'오후 13시' is not a time of day"),
        ("어제 25시", "'25시' is not a time of day"),
        ("어제 9시 61분", "'9시 61분' is not a time of day"),
        ("내일", "a viewing cannot be in the future"),
    ],
)
def test_bad_korean_at_names_the_bad_part(when: str, part: str) -> None:
    err = fails(2, "watch", "3", "--at", when).stderr
    assert err.startswith(f"Error: invalid --at {when!r}: ") and part in err, err
    assert ok("history", "--json").json()["events"] == []


def test_english_at_errors_are_unchanged() -> None:
    err = fails(2, "watch", "3", "--at", "yesterday 7").stderr
    assert err == (
        "Error: invalid --at 'yesterday 7': use now, aired, unknown, today, yesterday, N days ago, "
        "a weekday (friday, last friday), a time (21:30, yesterday 21:30) or a date like 2026-11-20 "
        "or 2026-11-20T21:30\n"
    )


# Fuzz: Korean text in a SPEC is a set of episodes or a usage error, never a traceback.

_PIECES = st.sampled_from(
    ["시즌", "화", "1", "3", "12", "13", "0", "999999999", " ", "-", "~", ",", "s", "e", "x", "다음", "１", "ㅎ", "회"]
)
_KOREANISH = st.one_of(
    st.lists(_PIECES, max_size=12).map("".join),
    st.text(alphabet=st.sampled_from("시즌화0123456789 -~,sex다음１ㅎ"), max_size=30),
    st.text(max_size=30),
)


@given(_KOREANISH)
def test_any_korean_spec_is_a_set_or_a_usage_error(text: str) -> None:
    pack = load_pack()
    try:
        ids = parse_spec(text, pack)
    except UsageError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert ids and len(ids) == len(set(ids))
    assert all(pack.episode(i) is not None for i in ids)


@given(st.lists(_KOREANISH, min_size=1, max_size=4))
def test_joining_the_shells_words_loses_none(args: list[str]) -> None:
    joined = join_korean(args)
    assert " ".join(joined) == " ".join(args) and len(joined) <= len(args)


_AT_WORDS = ("오늘", "어제", "그저께", "지난", "금요일", "일요일", "일", "전", "오전", "오후", "시", "분", "반", "내일")
_AT_PIECES = st.sampled_from(
    [*_AT_WORDS, "3", "9", "12", "13", "30", "61", "21:30", " ", "yesterday", "last", "friday", "-"]
)


@given(st.lists(_AT_PIECES, min_size=1, max_size=8).map("".join) | st.lists(_AT_PIECES, max_size=8).map(" ".join))
def test_any_korean_at_is_a_time_or_a_usage_error(text: str) -> None:
    try:
        when = parse_at(text, date(2026, 12, 3))
    except UsageError as err:
        assert str(err).startswith("invalid --at ") and "\n" not in str(err)
        return
    assert when.mode == "given" and when.value is not None and when.value.tzinfo is not None


@settings(max_examples=25, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8).map("".join))
def test_the_cli_answers_any_korean_spec_in_a_line(text: str) -> None:
    run = aod("episode", text, "--json")
    assert run.code in (0, 2) and "Traceback" not in run.stderr
    if run.code == 2:
        assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1 and run.stdout == ""
    else:
        assert run.json()["code"].startswith("S01E")


@pytest.mark.parametrize("env", LANGUAGES[1:], ids=["ko", "qps"])
def test_json_says_what_undo_took_back_in_english_in_every_language(env: dict[str, str]) -> None:
    ok("watch", "시즌1 3화", env=env)
    assert ok("undo", "--json", env=env).json()["summary"] == "watched S01E03"
    assert ok("undo", "--list", "--json", env=env).json()["batches"][0]["summary"] == "undo of: watched S01E03"
    assert ok("redo", "--json", env=env).json()["summary"] == "watched S01E03"
    if env["AOD_LANG"] == "qps":  # people read it through the catalog
        assert "⟦watched S01E03⟧" in ok("undo", env=env).stdout
