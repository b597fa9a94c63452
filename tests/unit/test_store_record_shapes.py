"""The store's profiles and journal entries are checked from their one declaration
(``aodcli.events.PROFILE`` and ``JOURNAL_ENTRY``): every declared field is checked, a
missing required one is refused naming its path, and a field aod does not know is kept."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from aodcli.events import JOURNAL_ENTRY, PROFILE, Shape
from aodcli.store.document import CorruptStore, validate_document

from ..support.helpers import ok

#: A value no declared field accepts (every field is a text, a list of ids or an object).
WRONG = 12345


def _store(data_dir: Path) -> dict[str, Any]:
    ok("watch", "1")  # a real store: a profile with an id, and a journal entry
    ok("profile", "add", "jun")
    doc: dict[str, Any] = json.loads((data_dir / "store.json").read_text(encoding="utf-8"))
    doc["profiles"]["jun"]["ids"] = ["0" * 32]
    doc["journal"][-1]["from"] = "default"
    return doc


def _records(doc: dict[str, Any]) -> list[tuple[Shape, str, dict[str, Any]]]:
    return [
        (PROFILE, "profiles.jun", doc["profiles"]["jun"]),
        (JOURNAL_ENTRY, "journal[0]", doc["journal"][0]),
        (JOURNAL_ENTRY, f"journal[{len(doc['journal']) - 1}]", doc["journal"][-1]),
    ]


def test_the_store_written_by_aod_has_every_declared_field_somewhere(_isolated_user_files: Path) -> None:
    doc = _store(_isolated_user_files)
    validate_document(doc)
    for shape in (PROFILE, JOURNAL_ENTRY):
        seen = {key for s, _, record in _records(doc) if s is shape for key in record}
        assert shape.names - {"undoes", "profile"} <= seen, shape.names - seen


@pytest.mark.parametrize("shape", [PROFILE, JOURNAL_ENTRY], ids=["profile", "journal entry"])
def test_a_wrong_value_in_any_declared_field_is_refused_naming_its_path(
    shape: Shape, _isolated_user_files: Path
) -> None:
    base = _store(_isolated_user_files)
    for name in sorted(shape.names):
        doc = copy.deepcopy(base)
        where, record = next((w, r) for s, w, r in _records(doc) if s is shape)
        record[name] = WRONG
        with pytest.raises(CorruptStore) as err:
            validate_document(doc)
        assert f"{where}.{name}: " in str(err.value), str(err.value)


@pytest.mark.parametrize("shape", [PROFILE, JOURNAL_ENTRY], ids=["profile", "journal entry"])
def test_a_missing_required_field_is_refused_and_an_unknown_one_is_kept(
    shape: Shape, _isolated_user_files: Path
) -> None:
    base = _store(_isolated_user_files)
    for name in shape.required:
        doc = copy.deepcopy(base)
        where, record = next((w, r) for s, w, r in _records(doc) if s is shape)
        del record[name]
        with pytest.raises(CorruptStore) as err:
            validate_document(doc)
        assert f"{where}.{name}: missing" in str(err.value), str(err.value)
    doc = copy.deepcopy(base)
    where, record = next((w, r) for s, w, r in _records(doc) if s is shape)
    record["zz_newer_field"] = {"kept": [1, 2]}
    assert validate_document(doc) is doc
