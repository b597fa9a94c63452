"""`aod season [N] [--ics FILE]`: what is known about a season, and its release day as a calendar
event (RFC 5545) when the data pack has one; the bundled season 2 has none, so `--ics` refuses."""

from __future__ import annotations

import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ..support.helpers import BUNDLED, aod, fails, ok, season_variant

SEASONS = json.loads((BUNDLED / "seasons.json").read_text(encoding="utf-8"))["seasons"]
TIMELINE = SEASONS[1]["timeline"]
CHECKED = max(t["date"] for t in TIMELINE if t.get("date"))  # the bundled season 2's last check
SECRET = next(t for t in TIMELINE if t.get("reveals") == "s01e12")  # who returns: a spoiler of S01E12
SUMMARY = 'Back in Seoul; a "new" strain, again\\again. 서울에서 다시 퍼지는 바이러스, ' + "긴 문장 " * 12 + "끝."


def _unfold(raw: bytes) -> dict[str, str]:
    """The content lines of an .ics file as {name with parameters: value}, after checking that every
    line ends in CRLF, holds at most 75 octets and is whole UTF-8 on its own (no character split)."""
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a character split between two lines would not decode
    logical: list[str] = []
    for line in lines:
        text = line.decode("utf-8")
        if text.startswith(" "):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert logical.count("BEGIN:VEVENT") == 1 and "VERSION:2.0" in logical
    return dict(line.split(":", 1) for line in logical if not line.startswith(("BEGIN:", "END:")))


def _text(value: str) -> str:
    """An RFC 5545 TEXT value read back: ``\\n`` a newline, ``\\\\``, ``\\;``, ``\\,`` the character."""
    assert not re.search(r"(?<!\\)(?:\\\\)*[;,]", value), f"unescaped ; or , in {value!r}"
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


@pytest.fixture
def dated(tmp_path: Path) -> tuple[Path, date]:
    """A pack whose season 2 comes out in 40 days, with a summary that needs escaping and folding."""
    day = date.today() + timedelta(days=40)
    return season_variant(tmp_path / "dated", 2, release_date=day.isoformat(), summary=SUMMARY), day


def test_season_alone_tells_what_is_known_about_the_next_season_to_come() -> None:
    page = ok("season").stdout
    assert page.startswith("All of Us Are Dead — Season 2")
    assert "post-production" in page and "no release date yet" in page and "not announced" in page
    assert f"Last checked: {CHECKED}" in page
    assert TIMELINE[0]["text"] in page and TIMELINE[-1]["text"] in page
    data = ok("season", "--json").json()
    assert (data["season"], data["status"], data["release_date"], data["checked"]) == (
        2,
        "post-production",
        None,
        CHECKED,
    )
    assert ok("season", "2", "--json").json() == data


def test_a_season_with_episodes_counts_the_ones_you_watched() -> None:
    ok("watch", "1-3")
    data = ok("season", "1", "--json").json()
    assert (data["episodes"], data["watched"], data["release_date"]) == (12, 3, SEASONS[0]["release_date"])
    assert data["days_to_release"] < 0
    page = ok("season", "1").stdout
    assert "3 of 12 episodes watched" in page and "aod episodes --season 1" in page


def test_a_season_not_in_the_pack_is_a_usage_error_naming_the_seasons(tmp_path: Path) -> None:
    assert "there is no season 7 (seasons: 1, 2)" in fails(2, "season", "7").stderr
    fails(2, "season", "7", "--ics", str(tmp_path / "s7.ics"))
    fails(2, "season", "0")
    assert not (tmp_path / "s7.ics").exists()


def test_the_bundled_season_2_has_no_release_date_so_ics_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "season2.ics"
    run = fails(1, "season", "2", "--ics", str(target))
    assert "no release date is known yet for season 2" in run.stderr and f"last checked {CHECKED}" in run.stderr
    assert not target.exists()
    target.write_text("mine", encoding="utf-8")
    fails(1, "season", "--ics", str(target))
    fails(1, "season", "--ics", "-")
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_release_date_gives_a_countdown_and_a_calendar_event(
    dated: tuple[Path, date], tmp_path: Path, frozen: Any
) -> None:
    pack, day = dated
    page = ok("season", "--show", str(pack)).stdout
    assert f"out {day.isoformat()}, in 40 days" in page and "aod season 2 --ics FILE" in page
    assert ok("season", "--json", "--show", str(pack)).json()["days_to_release"] == 40
    frozen("2026-03-01T12:00:00")
    target = tmp_path / "out" / "season2.ics"
    target.parent.mkdir()
    run = ok("season", "2", "--ics", str(target), "--show", str(pack))
    assert run.stdout == "" and f"Wrote the release day of season 2 ({day.isoformat()}) to {target}" in run.stderr
    raw = target.read_bytes()
    props = _unfold(raw)
    assert props["DTSTART;VALUE=DATE"] == f"{day:%Y%m%d}"
    assert props["DTEND;VALUE=DATE"] == f"{day + timedelta(days=1):%Y%m%d}"
    assert props["DTSTAMP"] == "20260301T120000Z"
    assert props["UID"] == "all-of-us-are-dead-season-2@aodcli"
    assert _text(props["SUMMARY"]) == "All of Us Are Dead: Season 2 comes out"
    assert _text(props["DESCRIPTION"]).startswith(SUMMARY + "\n\n")
    assert f"last checked {CHECKED}" in _text(props["DESCRIPTION"])
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))  # the long description was folded
    assert os.stat(target).st_mode & 0o777 == 0o600  # a new file, as safeio makes one
    again = ok("season", "2", "--ics", "-", "--show", str(pack))
    assert again.stdout_bytes == raw  # same UID, same bytes: importing it again changes nothing
    frozen("2026-04-01T08:00:00")
    later = _unfold(ok("season", "--ics", "-", "--show", str(pack)).stdout_bytes)
    assert later["UID"] == props["UID"] and later["DTSTAMP"] == "20260401T080000Z"


def test_ics_and_json_together_ask_for_two_outputs(dated: tuple[Path, date]) -> None:
    pack, _day = dated
    assert "--json and --ics" in fails(2, "season", "--ics", "-", "--json", "--show", str(pack)).stderr


def test_korean_page_error_and_calendar(dated: tuple[Path, date], tmp_path: Path) -> None:
    ko = {"AOD_LANG": "ko"}
    page = ok("season", env=ko).stdout
    assert page.startswith("지금 우리 학교는 — 시즌 2")
    assert "후반 작업 중" in page and "아직 공개일 없음" in page and "마지막 확인" in page
    assert "Season" not in page and "Status" not in page
    refused = aod("season", "--ics", str(tmp_path / "x.ics"), env=ko)
    assert refused.code == 1 and refused.stdout == "" and not (tmp_path / "x.ics").exists()
    error = refused.stderr
    assert (
        error.count("\n") == 1
        and error.startswith("오류: 시즌 2의 공개일은 아직 알려지지 않았습니다")
        and "2026. 2. 23." in error
    )
    pack, _day = dated
    assert "40일 남음" in ok("season", "--show", str(pack), env=ko).stdout
    props = _unfold(ok("season", "--ics", "-", "--show", str(pack), env=ko).stdout_bytes)
    assert _text(props["SUMMARY"]) == "지금 우리 학교는 시즌 2 공개"
    assert props["UID"] == "all-of-us-are-dead-season-2@aodcli"  # the same in every language
    assert set(ok("season", "--json", env=ko).json()) == set(ok("season", "--json").json())


def test_who_returns_stays_hidden_until_the_last_episode_of_season_1() -> None:
    for before in ((), ("1-11",)):
        if before:
            ok("watch", *before)
        page = ok("season", "2").stdout
        assert SECRET["text"] not in page and "hidden until S01E12" in page
        timeline = ok("season", "2", "--json").json()["timeline"]
        assert {"hidden": True, "until": "S01E12"} in timeline
        assert SECRET["text"] not in json.dumps(timeline, ensure_ascii=False)
    assert SECRET["text"] in ok("season", "2", "--spoilers").stdout
    ok("watch", "12")
    assert SECRET["text"] in ok("season", "2").stdout
    assert "hidden" not in json.dumps(ok("season", "2", "--json").json()["timeline"])


def test_ics_to_hostile_targets_is_refused_or_written_as_export_writes(
    dated: tuple[Path, date], tmp_path: Path
) -> None:
    pack, _day = dated
    show = ("--show", str(pack))
    folder = tmp_path / "folder"
    folder.mkdir()
    assert "it is a folder" in fails(2, "season", "--ics", str(folder), *show).stderr
    assert "invalid --ics ''" in fails(2, "season", "--ics", "", *show).stderr
    inside = Path(os.environ["AOD_DATA_DIR"]) / "season.ics"
    assert "data folder" in fails(2, "season", "--ics", str(inside), *show).stderr
    assert not inside.exists()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert "no process is reading it" in fails(1, "season", "--ics", str(fifo), *show).stderr
    dangling = tmp_path / "link.ics"
    dangling.symlink_to(tmp_path / "real.ics")
    ok("season", "--ics", str(dangling), *show)
    assert dangling.is_symlink() and (tmp_path / "real.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    escape = tmp_path / "evil\x1b[2J.ics"
    run = aod("season", "--ics", str(escape), *show)
    assert run.code == 0 and "\x1b" not in run.stderr and escape.exists()
    ok("season", "--ics", "/dev/null", *show)
