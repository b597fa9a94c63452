"""The words of imports, sync and the store: translated for people, English in --json.

Under the ``qps`` pseudo-language every translated string comes back inside ``⟦ ⟧``
(no catalog needed): what people read carries the markers, the JSON never does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from aodcli import i18n
from aodcli.fileio import phrase
from aodcli.fileio.phrase import Phrase

from ..support.helpers import aod
from ..support.import_support import FIX

IMPORTS = FIX


@pytest.fixture(autouse=True)
def _language_back() -> Iterator[None]:
    """A run under qps leaves the language chosen: put back the one before."""
    before = i18n.language()
    yield
    i18n.set_language(before)


def _env(tmp_path: Path, lang: str = "qps") -> dict[str, str]:
    return {"AOD_DATA_DIR": str(tmp_path / "data"), "AOD_LANG": lang, "COLUMNS": "200"}


def test_a_phrase_is_english_as_data_and_translated_in_a_sentence() -> None:
    i18n.set_language("qps")
    inner = phrase._("larger than {size}", size="3 MB")  # (ids the catalog holds: qps marks those)
    outer = phrase._("is not a valid store: {where}: {problem}", where="/x", problem=inner)
    assert inner == "larger than 3 MB" and str(inner) == "larger than 3 MB"
    assert json.dumps({"problem": outer}) == '{"problem": "is not a valid store: /x: larger than 3 MB"}'
    assert inner.shown() == "⟦larger than 3 MB⟧"
    assert outer.shown() == "⟦is not a valid store: /x: ⟦larger than 3 MB⟧⟧"
    assert f"Error: {inner}" == "Error: ⟦larger than 3 MB⟧"  # formatted for people: translated
    assert phrase.shown(inner) == inner.shown() and phrase.shown("plain") == "plain"
    assert phrase.ngettext("{count} byte", "{count} bytes", 1, count=1) == "1 byte"
    assert phrase.ngettext("{count} byte", "{count} bytes", 2, count=2).shown() == "⟦2 bytes⟧"
    escaped = Phrase("a\nb", "c\nd").map(lambda t: t.replace("\n", "\\n"))
    assert (str(escaped), escaped.shown()) == ("a\\nb", "c\\nd")


def test_english_is_the_phrase_itself() -> None:
    i18n.set_language("en")
    said = phrase._("is empty ({size})", size=3)
    assert said.shown() == said == "is empty (3)"


def test_a_damaged_store_is_told_translated_and_its_check_json_stays_english(tmp_path: Path) -> None:
    assert aod("watch", "1", env=_env(tmp_path, "en")).code == 0
    (tmp_path / "data" / "store.json").write_text("", encoding="utf-8")
    run = aod("watch", "2", env=_env(tmp_path))
    assert run.code == 1 and "⟦is empty (0 bytes)⟧" in run.stderr
    check = aod("store", "check", "--json", env=_env(tmp_path))
    data = check.json()
    assert "⟦" not in check.stdout
    assert data["problem"] == "is empty (0 bytes)"
    assert data["message"].startswith(str(tmp_path / "data" / "store.json") + " is empty (0 bytes); ")


def test_rows_not_placed_are_english_in_json_and_translated_on_the_page(tmp_path: Path) -> None:
    env = _env(tmp_path)
    data = aod("import", str(IMPORTS / "tvtime"), "--dry-run", "--json", env=env).json()
    assert data["not_placed"], "the fixture has rows it cannot place"
    assert not any("⟦" in json.dumps(row) for row in data["not_placed"])
    assert data["format_name"] == "TV Time GDPR export (seen_episode.csv / tracking-prod-records*.csv)"
    page = aod("import", str(IMPORTS / "tvtime"), "--dry-run", env=env).stdout
    reason = data["not_placed"][0]["reason"]
    assert f"⟦{reason}⟧" in page
    assert "⟦TV Time GDPR export" in page


def test_a_skipped_replica_is_english_in_sync_json(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    (folder / "0123456789abcdef.json").write_text("{broken", encoding="utf-8")
    run = aod("sync", str(folder), "--dry-run", "--json", env=_env(tmp_path))
    rows = [r for r in run.json()["devices"] if r["file"] == "0123456789abcdef.json"]
    assert rows and rows[0]["problem"].startswith("is not valid JSON")
    assert "⟦" not in run.stdout


def test_an_unreadable_import_is_refused_in_the_interface_language(tmp_path: Path) -> None:
    run = aod("import", str(tmp_path / "missing.json"), env=_env(tmp_path))
    assert run.code == 1
    assert run.stderr.count("⟦cannot read") == 1 and str(tmp_path / "missing.json") in run.stderr
