"""Every imported file is hostile: zip bombs, '..' names, links, NULs, odd encodings, random bytes.

The property (hypothesis): whatever the bytes — random, or a fixture mutated
byte by byte or line by line, alone or zipped — the detector and the parsers
either refuse with an ``AodError`` (one line, exit 1 or 2 at the CLI) or give
a plan whose every event the store accepts. Never a traceback.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aodcli.errors import AodError
from aodcli.importers import detect, files
from aodcli.importers.plan import commit_plan, select, vet
from aodcli.pack import load_pack
from aodcli.store import empty_document, load_bytes

from ..support.helpers import aod, fails, ok
from ..support.import_support import FIX, imported, zip_bytes

PACK = load_pack()
HEADER = b"Profile Name,Start Time,Duration,Attributes,Title,Supplemental Video Type,Device Type,Bookmark,"
HEADER += b"Latest Bookmark,Country\n"
SEEDS = {
    "activity": (FIX / "netflix-report" / "CONTENT_INTERACTION" / "ViewingActivity.csv").read_bytes(),
    "history-us": (FIX / "NetflixViewingHistory-us.csv").read_bytes(),
    "history-ko": (FIX / "NetflixViewingHistory-ko.csv").read_bytes(),
    "trakt": (FIX / "trakt" / "watched-history.json").read_bytes(),
    "tvtime-v2": (FIX / "tvtime" / "tracking-prod-records-v2.csv").read_bytes(),
    "tvtime-seen": (FIX / "tvtime" / "seen_episode.csv").read_bytes(),
    "tvtime-v1": (FIX / "tvtime-v1" / "tracking-prod-records.csv").read_bytes(),
    "tvtime-app-csv": (FIX / "tvtime-app" / "tvtime-series-episodes-2026-07-10.csv").read_bytes(),
    "tvtime-app-json": (FIX / "tvtime-app" / "tvtime-series-2026-07-10.json").read_bytes(),
}


# ---------------------------------------------------------------- zips


def test_a_member_named_with_dot_dot_or_an_absolute_path_refuses_the_zip(tmp_path: Path) -> None:
    for name in ("../../etc/ViewingActivity.csv", "/etc/x.csv", "C:/x.csv", "a/../../b.json"):
        file = tmp_path / "x.zip"
        file.write_bytes(zip_bytes({"ok.csv": b"a,b\n", name: SEEDS["activity"]}))
        assert "(a '..' or absolute path)" in fails(1, "import", str(file)).stderr


def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_MEMBERS", 5)
    file = tmp_path / "x.zip"
    file.write_bytes(zip_bytes({f"{i}.txt": b"" for i in range(6)}))
    assert "a zip with 6 members (at most 5)" in fails(1, "import", str(file)).stderr


def test_a_member_too_large_unzipped_is_refused_before_it_is_read(tmp_path: Path) -> None:
    file = tmp_path / "bomb.zip"
    file.write_bytes(_lie_about_size(zip_bytes({"ViewingActivity.csv": HEADER + b"\n" * 1000}), 257 << 20))
    assert "ViewingActivity.csv: larger than 256 MiB unzipped" in fails(1, "import", str(file)).stderr
    file.write_bytes(_lie_about_size(zip_bytes({"watched-history.json": b"[]" + b" " * 1000}), 33 << 20))
    assert "watched-history.json: larger than 32 MiB unzipped" in fails(1, "import", str(file)).stderr


def test_a_member_that_unzips_a_thousandfold_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "bomb.zip"
    file.write_bytes(zip_bytes({"ViewingActivity.csv": HEADER + b"\n" * (12 << 20)}))
    assert "a zip bomb?" in fails(1, "import", str(file)).stderr


def _lie_about_size(data: bytes, size: int) -> bytes:
    """The zip with its (only) member's uncompressed size rewritten in both headers."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    out[local + 22 : local + 26] = struct.pack("<I", size)
    central = out.find(b"PK\x01\x02")
    out[central + 24 : central + 28] = struct.pack("<I", size)
    return bytes(out)


def test_a_member_whose_header_lies_about_its_size_is_read_no_further(tmp_path: Path) -> None:
    file = tmp_path / "liar.zip"
    file.write_bytes(_lie_about_size(zip_bytes({"ViewingActivity.csv": HEADER + b"\n" * (40 << 20)}), 1000))
    err = fails(1, "import", str(file)).stderr
    assert "cannot be unzipped (it is damaged or cut short)" in err  # zipfile stops at the size declared: bad CRC
    assert "Error" not in err.removeprefix("Error: ")  # no Python class names (BadZipFile…) in words for people


def test_a_truncated_or_damaged_zip(tmp_path: Path) -> None:
    good = zip_bytes({"ViewingActivity.csv": SEEDS["activity"]})
    for damaged in (good[: len(good) // 2], good[:30] + b"\x00" * 40 + good[70:]):
        file = tmp_path / "bad.zip"
        file.write_bytes(damaged)
        run = aod("import", str(file))
        assert run.code == 1 and run.stderr.startswith("Error: ") and "Traceback" not in run.stderr


def test_zips_inside_a_zip_say_to_unzip_them(tmp_path: Path) -> None:
    file = tmp_path / "family.zip"
    file.write_bytes(zip_bytes({"trakt-export-mina.zip": zip_bytes({"watched-history.json": SEEDS["trakt"]})}))
    assert "holds only zip files (1); unzip it" in fails(1, "import", str(file)).stderr


# ---------------------------------------------------------------- folders


def test_links_and_fifos_in_a_folder_are_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "report"
    folder.mkdir()
    os.symlink("/dev/zero", folder / "ViewingActivity.csv")
    os.symlink(FIX / "trakt" / "watched-history.json", folder / "watched-history.json")
    os.mkfifo(folder / "history.csv")
    assert "no viewing history aod reads is in it" in fails(1, "import", str(folder)).stderr


def test_a_deep_folder_is_searched_only_so_far(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["d"] * (files.MAX_DEPTH + 2))
    deep.mkdir(parents=True)
    (deep / "watched-history.json").write_bytes(SEEDS["trakt"])
    fails(1, "import", str(tmp_path / "d"))


# ---------------------------------------------------------------- CSV and text


def test_bom_crlf_quotes_utf16_and_undecodable_text(tmp_path: Path) -> None:
    text = SEEDS["history-us"].decode("utf-8")
    file = tmp_path / "h.csv"
    file.write_bytes(text.encode("utf-16"))  # a spreadsheet's "Unicode text"
    assert imported(str(file))["added"] == 5
    file.write_bytes(b'Title,Date\n"All of Us Are Dead: Season 1: Episode 1","1/29/22"\n\xff\xfe\xfa\n')
    assert "read as Windows-1252 text" in ok("import", str(file), "--dry-run").stdout  # neither UTF-8 nor UTF-16
    file.write_bytes(b'Title,Date\n"All of Us Are Dead: Season 1: Episode\x00 1","1/29/22"\n')
    run = ok("import", str(file))  # a NUL in a cell: the row is not placed, the NUL never printed
    assert "\x00" not in run.stdout and "Episode\\x00 1" in run.stdout
    file.write_bytes(b'Title,Date\n"' + b"x" * 200_000 + b'","1/29/22"\n')
    assert "not readable CSV (a cell longer than 131,072 characters)" in fails(1, "import", str(file)).stderr
    file.write_bytes(b"Title;Date\r\nAll of Us Are Dead: Season 1: Episode 9;29.01.22\r\n")  # a European spreadsheet
    assert imported(str(file))["added"] == 1


# ---------------------------------------------------------------- the property


def _mutate(data: bytes, draw: st.DrawFn) -> bytes:
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["flip", "insert", "drop_line", "dup_line", "cut", "swap_cells"]))
        blob = b"\n".join(lines)
        if how == "flip" and blob:
            i = draw(st.integers(0, len(blob) - 1))
            blob = blob[:i] + bytes([draw(st.integers(0, 255))]) + blob[i + 1 :]
        elif how == "insert":
            i = draw(st.integers(0, len(blob)))
            piece = draw(
                st.sampled_from(
                    [
                        b",",
                        b'"',
                        b"\x00",
                        b"\x1b[2J",
                        b"\r",
                        b"\n",
                        b":",
                        b"9999-12-31 23:59:59",
                        b"0001-01-01",
                        b"[",
                        b"{",
                    ]
                )
                | st.binary(max_size=12)
            )
            blob = blob[:i] + piece + blob[i:]
        elif how == "cut":
            blob = blob[: draw(st.integers(0, len(blob)))]
        lines = blob.split(b"\n")
        if how == "drop_line" and len(lines) > 1:
            del lines[draw(st.integers(0, len(lines) - 1))]
        elif how == "dup_line" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
        elif how == "swap_cells" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = b",".join(reversed(lines[i].split(b",")))
    return b"\n".join(lines)


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["random", "mutated", "mutated-zip"]))
    if kind == "random":
        return draw(st.binary(max_size=600))
    seed = SEEDS[draw(st.sampled_from(sorted(SEEDS)))]
    data = _mutate(seed, draw)
    if kind == "mutated-zip":
        return zip_bytes({"export/ViewingActivity.csv" if b"Profile" in seed[:40] else "export/seen_episode.csv": data})
    return data


def plan_or_refusal(raw: bytes, **options: Any) -> list[dict[str, Any]] | None:
    """The events an import of ``raw`` would add to an empty store, or None when it is refused."""
    try:
        found = detect.from_bytes(raw, "f")
        if found.kind == detect.AODCLI:
            return None  # the export reader has its own fuzz test (tests/reliability/test_store_import_fuzz.py)
        reading = detect.read(found, PACK, options.get("date_order"))
        vet(reading, PACK)
        selection = select(reading, "f", source_profile=None, all_profiles=bool(reading.all_rows), profile_given=False)
    except AodError as err:
        assert str(err) and "\n" not in str(err).strip()
        return None
    doc = empty_document("2026-01-01T00:00:00Z")
    changes = commit_plan(PACK, found.kind, selection.targets, None)(doc)  # the store's own checks: must pass
    events = [e for c in changes for e in c.events]
    latest = datetime.now(timezone.utc).timestamp() + 86_400
    for ev in events:
        assert ev["type"] == "watch" and PACK.episode(ev["episode"]) is not None
        if ev["at"] is not None:
            assert datetime.fromisoformat(ev["at"].replace("Z", "+00:00")).timestamp() <= latest
    return events


HOSTILE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(HOSTILE, max_examples=60)
@given(raw=hostile_files(), order=st.sampled_from([None, "dmy", "mdy", "ymd"]))
def test_any_file_gives_a_clean_refusal_or_a_valid_plan(raw: bytes, order: str | None) -> None:
    plan_or_refusal(raw, date_order=order)


@pytest.mark.slow
@settings(HOSTILE, max_examples=300)
@given(raw=hostile_files(), order=st.sampled_from([None, "dmy", "mdy", "ymd"]))
def test_any_file_gives_a_clean_refusal_or_a_valid_plan_long_run(raw: bytes, order: str | None) -> None:
    plan_or_refusal(raw, date_order=order)


def test_the_seeds_themselves_give_plans() -> None:
    for name, data in SEEDS.items():
        events = plan_or_refusal(data)
        assert events, name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=hostile_files())
def test_the_cli_on_hostile_files_one_line_or_success(raw: bytes, tmp_path: Path) -> None:
    file = tmp_path / "in.file"
    file.write_bytes(raw)
    store = tmp_path / "aod-data" / "store.json"
    before = store.read_bytes() if store.exists() else None
    run = aod("import", str(file), "--all-profiles", "--dry-run")
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    if run.code:
        assert run.code in (1, 2) and run.stdout == ""
        assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1
    assert (store.read_bytes() if store.exists() else None) == before
    assert "\x1b" not in run.stdout + run.stderr


def test_an_import_never_half_happens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aodcli import tracker

    ok("watch", "1")
    store = tmp_path / "aod-data" / "store.json"
    before = store.read_bytes()
    file = tmp_path / "ViewingActivity.csv"
    file.write_bytes(SEEDS["activity"])
    real = tracker.import_events
    calls: list[str] = []

    def second_fails(pack: Any, name: str, *args: Any) -> Any:
        calls.append(name)
        if len(calls) == 2:
            raise AodError("the disk is full")  # after Jun's viewings went in, before Mina's
        return real(pack, name, *args)

    monkeypatch.setattr(tracker, "import_events", second_fails)
    assert "the disk is full" in fails(1, "import", str(file), "--all-profiles").stderr
    assert calls == ["Jun", "Mina"]
    assert store.read_bytes() == before
    assert load_bytes(before)["profiles"].keys() == {"default"}


def test_read_bounded_members_stop_at_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_TOTAL_BYTES", 1000)
    raw = zip_bytes({f"u{i}/watched-history.json": SEEDS["trakt"] for i in range(3)})
    found = detect.from_bytes(raw, "z")  # told from the heads; the members are read when the import reads them
    with pytest.raises(AodError, match="more than 1000 bytes"):
        for part in found.parts:
            part.read()


def test_the_zip_reader_never_touches_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    raw = zip_bytes({"netflix-report/CONTENT_INTERACTION/ViewingActivity.csv": SEEDS["activity"]})
    found = detect.from_bytes(raw, "z")
    assert found.kind == "netflix-activity" and list(tmp_path.iterdir()) == []
    assert io.BytesIO(raw).getbuffer().nbytes == len(raw)
    assert zipfile.is_zipfile(io.BytesIO(raw))


# ---------------------------------------------------------------- messages: one line, in words, never the file


def test_a_foreign_text_file_is_never_quoted(tmp_path: Path) -> None:
    file = tmp_path / "shadow"
    file.write_text("root:$6$s3cr3tHash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", encoding="utf-8")
    for source in [file, *(Path(p) for p in ("/etc/shadow", "/etc/passwd") if os.access(p, os.R_OK))]:
        said = fails(1, "import", str(source)).stderr.split(f"{source}: ", 1)[1]
        assert said.startswith("not a history aod reads (not JSON, nor CSV with a header it knows)")
        assert "root" not in said and "s3cr3t" not in said and "ViewingActivity.csv" in said


def _trakt_item(watched_at: str = '"2022-01-29T13:00:00.000Z"') -> str:
    show = '{"title": "All of Us Are Dead", "year": 2022, "ids": {"imdb": "tt14169960"}}'
    episode = '"type": "episode", "episode": {"season": 1, "number": 1}'
    return f'{{"id": 1, "watched_at": {watched_at}, {episode}, "show": {show}}}'


def _export(body: str) -> str:
    return '{"format": "aodcli-export", "version": 2, "show": "all-of-us-are-dead", "profile": "default", ' + body + "}"


def test_json_with_a_key_twice_is_refused(tmp_path: Path) -> None:
    tvtime = '[{"title": "All of Us Are Dead", "title": "Kingdom", "seasons": []}]'
    for name, text in (
        ("watched-history.json", "[" + _trakt_item('"2022-01-29T13:00:00.000Z", "watched_at": "unknown"') + "]"),
        ("tvtime-series.json", tvtime),
        ("export.json", _export('"exported_at": "2026-01-01T00:00:00Z", "events": [], "events": []')),
    ):
        file = tmp_path / name
        file.write_text(text, encoding="utf-8")
        err = fails(1, "import", str(file)).stderr
        assert "not JSON aod reads: the key '" in err and "' appears twice in one object" in err


def test_json_nested_too_deeply_is_said_in_words(tmp_path: Path) -> None:
    file = tmp_path / "deep.json"
    for text in ("[" * 100_000 + "]" * 100_000, _export('"events": ' + "[" * 100_000 + "]" * 100_000)):
        file.write_text(text, encoding="utf-8")
        err = fails(1, "import", str(file)).stderr
        assert "it is nested too deeply" in err and "recursion" not in err


def test_a_4000_digit_number_is_not_echoed(tmp_path: Path) -> None:
    file = tmp_path / "big.json"
    for text in ("[" + _trakt_item().replace('"id": 1', '"id": ' + "9" * 4000) + "]", _export('"x": ' + "9" * 5000)):
        file.write_text(text, encoding="utf-8")
        err = fails(1, "import", str(file)).stderr
        assert "a number of " in err and "digits (at most 40)" in err
        assert "99999999999" not in err and "4300" not in err and "sys." not in err


def test_json_values_are_named_in_json_words_not_python_s(tmp_path: Path) -> None:
    file = tmp_path / "export.json"
    event = '{"id": "' + "a" * 32 + '", "type": true, "episode": "s01e01", "recorded": "2026-01-01T00:00:00Z"}'
    for text, said in (
        (_export('"events": [' + event + "]"), "event 1: its type is a boolean"),
        (_export('"events": []').replace('"version": 2', '"version": true'), "the export's version is a boolean"),
        (_export('"events": []').replace('"all-of-us-are-dead"', "true"), "exported for show a boolean"),
    ):
        file.write_text(text, encoding="utf-8")
        err = fails(1, "import", str(file)).stderr
        assert said in err and "True" not in err


def test_a_zip_with_two_files_of_a_one_file_kind_says_to_unzip_it(tmp_path: Path) -> None:
    file = tmp_path / "two.zip"
    activity = SEEDS["activity"]
    file.write_bytes(zip_bytes({"a/ViewingActivity.csv": activity, "b/ViewingActivity.csv": activity}))
    err = fails(1, "import", str(file)).stderr
    assert "holds 2 files of Netflix viewing activity" in err and "unzip it and import one of them" in err
    assert "naming its file" not in err
