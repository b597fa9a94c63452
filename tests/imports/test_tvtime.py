"""TV Time's GDPR export: seen_episode.csv and tracking-prod-records*.csv, their header variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.helpers import fails
from ..support.import_support import FIX, imported, utc, views, zip_of

TVTIME = FIX / "tvtime"
ALL = [
    ("s01e01", utc("2022-01-29T14:03:12"), False),  # in seen_episode.csv and tracking-prod-records-v2.csv: once
    ("s01e02", utc("2022-01-29T15:20:40"), False),
    ("s01e03", utc("2022-01-30T13:00:00"), False),  # "All of Us Are Dead (2022)"
    ("s01e04", utc("2022-01-31T13:00:00"), False),  # series_name / season_number
    ("s01e05", utc("2022-02-01T21:00:00"), False),  # the older tracking-prod-records.csv, updated_at only
    ("s01e01", utc("2022-03-01T20:00:00"), True),  # rewatch-episode
]


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_the_export_as_a_folder_or_zip(form: str, tmp_path: Path) -> None:
    source = TVTIME if form == "folder" else zip_of(TVTIME, tmp_path / "tvtime.zip", prefix="gdpr/")
    result = imported(str(source))
    assert result["format"] == "tvtime"
    assert views(result) == ALL
    # Kingdom (twice) and a film; a follow and a user-series row; episode_emotion.csv and
    # user_tv_show_data.csv are not read at all
    assert result["ignored"] == {"other_titles": 3, "not_viewings": 2, "duplicates": 1, "not_placed": 1}
    again = imported(str(source))
    assert (again["added"], again["already_present"]) == (0, 6)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("seen_episode.csv", ALL[:3]),
        ("tracking-prod-records-v2.csv", [ALL[0], ALL[3], ALL[5]]),
        ("tracking-prod-records.csv", [ALL[4]]),
    ],
)
def test_each_file_alone(name: str, expected: list[tuple[str, str, bool]], tmp_path: Path) -> None:
    file = tmp_path / "export.csv"  # the content tells, not the name
    file.write_bytes((TVTIME / name).read_bytes())
    assert views(imported(str(file), "--dry-run")) == sorted(expected, key=lambda v: (v[1], v[0]))


def test_missing_columns_are_named() -> None:
    err = fails(1, "import", str(FIX / "tvtime-bad")).stderr
    assert "seen_episode.csv: a TV Time file aod cannot read" in err
    assert "no season column (episode_season_number or season_number)" in err
    assert "no time column (created_at or watch_date_range_key or updated_at)" in err
    assert "show column" not in err and "episode column" not in err


def test_a_reactions_file_is_not_read_as_viewings() -> None:
    err = fails(1, "import", str(TVTIME / "episode_emotion.csv")).stderr
    assert "reactions or ratings (emotion_id), not of viewings" in err


def test_an_encrypted_export_zip_says_to_unzip_it(tmp_path: Path) -> None:
    import zipfile

    file = tmp_path / "tvtime.zip"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("seen_episode.csv", b"x")
        archive.infolist()[0].flag_bits |= 0x1  # as TV Time's password-protected zips are
    data = bytearray(file.read_bytes())
    data[6] |= 0x1  # the local header's flag too
    file.write_bytes(bytes(data))
    assert "the zip is encrypted; unzip it with its password" in fails(1, "import", str(file)).stderr


def test_v1_rows_with_the_time_only_in_watch_date_range_key() -> None:
    """The older tracking-prod-records.csv keys a viewing by its date (watch-date-<Unix seconds>)."""
    result = imported(str(FIX / "tvtime-v1"), "--dry-run")
    assert result["format"] == "tvtime"
    assert views(result) == [
        ("s01e01", utc("2022-01-29T14:03:12"), False),  # created_at
        ("s01e02", utc("2022-01-30T21:10:00"), False),  # only watch-date-1643577000
        ("s01e03", utc("2022-01-31T00:00:00"), False),  # only watch-date-2022-01-31
    ]
    assert [(u["title"], u["reason"]) for u in result["not_placed"]] == [("All of Us Are Dead 1x4", "no time")]
    assert result["ignored"] == {"other_titles": 1, "not_viewings": 1, "not_placed": 1}  # a film; a follow
