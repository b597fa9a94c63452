"""Find, read and validate a data pack folder; build the model.

Resolution order: ``--show PATH``, then ``AOD_SHOW``, then the bundled default
named by ``data/packs.json``. Every problem is a ``PackError`` naming the file,
the JSON path inside it and what is wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import PackError
from ..i18n import _
from . import cache, schema, texts
from .pack import Pack
from .validate import check_pack

MAX_FILE_BYTES = 64 * 1024 * 1024


def resolve_pack_dir(show: str | None = None) -> Path:
    """The pack folder to load: ``show``, ``$AOD_SHOW`` or the bundled default."""
    chosen = show or os.environ.get("AOD_SHOW") or None
    if chosen:
        path = Path(chosen).expanduser()
        if path.is_file() and path.name == "show.json":
            path = path.parent
        if not path.is_dir():
            raise PackError(
                _("data pack not found: {path} is not a folder (check --show/AOD_SHOW)").format(path=chosen)
            )
        return path
    from ..paths import bundled_data_dir

    base = bundled_data_dir()
    index = _read_json(base / "packs.json", "packs.json")
    default = index.get("default") if isinstance(index, dict) else None
    if not isinstance(default, str) or not default or "/" in default or default.startswith("."):
        raise schema.fail("packs.json", "default", _("expected the name of a pack folder"))
    return base / default


def _read_json(path: Path, label: str) -> Any:
    from ..safeio import ReadRefused, read_bounded

    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except ReadRefused as err:
        if err.reason == "missing":
            raise PackError(_("invalid data pack: {file} is missing ({path})").format(file=label, path=path)) from None
        if err.reason == "os":
            raise PackError(
                _("cannot read data pack file {path}: {problem}").format(path=path, problem=err.problem)
            ) from None
        raise schema.fail(label, "", err.problem) from None  # not a regular file, or too large
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise schema.fail(label, "", _("not UTF-8 (byte {offset})").format(offset=err.start)) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        problem = _("not valid JSON (line {line}, column {column}: {detail})")
        raise schema.fail(label, "", problem.format(line=err.lineno, column=err.colno, detail=err.msg)) from None
    except (ValueError, RecursionError) as err:
        raise schema.fail(label, "", _("not valid JSON ({detail})").format(detail=err)) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(_("{name} is not allowed").format(name=name))


def read_file(folder: Path, name: str) -> Any:
    """One pack file, parsed and checked against its schema (the inner value)."""
    key, spec = schema.FILES[name]
    doc = _read_json(folder / name, name)
    try:
        if key is None:
            schema.check(doc, spec, "")
            return doc
        schema.check_object(doc, {key: (spec, True)}, "")
        return doc[key]
    except schema.Invalid as err:
        raise schema.fail(name, err.path, err.problem) from None


def _read_trusted(folder: Path, name: str, key: str) -> Any:
    """One file of a pack known to be valid (its key is cached): its sealed copy, else
    parse only."""
    copy = cache.parsed_copy(key, name)
    if copy is not None:
        return copy
    inner, _spec = schema.FILES[name]
    doc = _read_json(folder / name, name)
    if inner is None:
        return doc
    if not isinstance(doc, dict) or inner not in doc:  # changed since it was validated
        raise PackError(
            _("data pack file {path} changed while reading; run the command again").format(path=folder / name)
        )
    return doc[inner]


def load_pack(show: str | None = None) -> Pack:
    """Load the pack chosen by ``show`` / ``AOD_SHOW`` / the default.

    A pack seen for the first time (or changed since) is read whole and
    validated; one whose key (``cachekeys.pack_key``) is cached as valid is read
    lazily, file by file, as the command needs it (see ``pack/cache.py``).
    """
    from ..cachekeys import pack_key

    folder = resolve_pack_dir(show)
    key = pack_key(str(folder))
    if key is not None and cache.known_valid(key):
        return _in_language(folder, lambda name: _read_trusted(folder, name, key), key)
    raw = {name: read_file(folder, name) for name in schema.FILES}
    check_pack(raw)
    if key is not None:
        cache.remember_valid(key, raw)
    return _in_language(folder, raw.__getitem__, key)


def _in_language(folder: Path, read: Callable[[str], Any], key: str | None) -> Pack:
    """The pack, its texts in the interface language where it has them (``pack/texts.py``)."""
    from ..i18n import LANGUAGES, language

    lang = language()
    entries = texts.read(folder, lang) if lang in LANGUAGES and lang != "en" else None
    if not entries:
        return Pack(str(folder), read, key)
    return Pack(str(folder), lambda name: texts.apply(name, read(name), entries), key, english=read)
