"""``--at`` as people say it: hours and weeks ago, 9pm, last night, Dec 3; tomorrow refused with
the reason; a local time the clocks skip is refused, one they pass twice is the first, said."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from ..support.helpers import aod, fails, latest, ok


def _at(when: str) -> datetime:
    events = ok("watch", "1", "--rewatch", "--at", when, "--json").json()["events"]
    return datetime.fromisoformat(events[-1]["at"].replace("Z", "+00:00"))


def _local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute).astimezone().astimezone(timezone.utc)


def test_spans_ago_count_back_from_now() -> None:
    for when, span in (("2 hours ago", timedelta(hours=2)), ("30 minutes ago", timedelta(minutes=30)),
                       ("3시간 전", timedelta(hours=3)), ("30분 전", timedelta(minutes=30))):  # fmt: skip
        assert abs(_at(when) - (datetime.now(timezone.utc) - span)) < timedelta(minutes=1), when
    today = date.today()
    assert _at("2 weeks ago") == _at("2주 전") == _local(today - timedelta(weeks=2))


def test_times_of_day_and_nights_and_dates_in_words() -> None:
    today, yesterday = date.today(), date.today() - timedelta(days=1)
    assert _at("yesterday 9:30pm") == _local(yesterday, 21, 30)
    assert _at("last night") == _local(yesterday, 21)
    before = datetime.now(timezone.utc)
    nine = _at("9pm")
    assert nine in latest(_local(today, 21), before, datetime.now(timezone.utc))  # the last 9pm
    dec3 = date(today.year, 12, 3) if date(today.year, 12, 3) <= today else date(today.year - 1, 12, 3)
    assert _at("Dec 3") == _at("3 December") == _at("december 3") == _local(dec3)


def test_tomorrow_is_refused_with_the_reason() -> None:
    for when in ("tomorrow", "내일"):
        run = fails(2, "watch", "1", "--at", when)
        assert "a viewing cannot be in the future" in run.stderr
    assert "invalid --at '13pm'" in fails(2, "watch", "1", "--at", "13pm").stderr


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("new_york")
def test_a_time_the_clocks_skip_is_refused_and_one_they_repeat_is_the_first() -> None:
    run = fails(2, "watch", "1", "--at", "2026-03-08T02:30")
    assert "does not exist here (the clocks skip it that day)" in run.stderr
    run = aod("watch", "1", "--at", "2026-11-01T01:30", "--json")
    assert run.code == 0 and "happened twice here (the clocks went back): took the first" in run.stderr
    assert run.json()["events"][0]["at"] == "2026-11-01T05:30:00Z"  # 01:30 EDT, the first of the two
