"""The pack's texts in another language: ``texts.<lang>.json`` beside the pack's files.

::

    {"format": 1, "lang": "ko",
     "texts": [{"where": "episodes/s01e03/blurb", "en": "<the English it translates>", "text": "…"}]}

``where`` names one text of the pack: the file (``show``, ``seasons``,
``episodes``, ``characters``, ``people``, ``credits``, ``events``), the record
(by id; ``credits`` by position), then keys and list positions inside it
(``show/records/3/text``, ``seasons/s2/timeline/1/text``,
``seasons/s1/recaps/4/paragraphs/0``). When aod runs in that
language, each text whose English is still ``en`` is shown in its place; a text
whose English has changed since, or that has no entry, stays English (so a
translation never says something the English no longer does). The text replaces
the value before the records are built, so it is tied to the same episode and
hidden past the horizon exactly as the English is.

The file is read only in its language, and checked like the pack's files: a
malformed file, or a ``where`` outside the pack's files, is an error naming the
file and the entry. A ``where`` naming a record the pack does not have is passed
over, as a text whose English changed is: a translation may lag behind its pack,
and what a pack holds about later episodes must never change what aod says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import schema

FORMAT = 1
#: The pack files whose texts may be translated, and whether their records are found by id.
FILES = {
    "show": None,
    "seasons": "id",
    "episodes": "id",
    "characters": "id",
    "people": "id",
    "credits": None,
    "events": "id",
}
_ENTRY = {"where": ("text", True), "en": ("text", True), "text": ("text", True)}
_SCHEMA = {"format": ("int", True), "lang": ("text", True), "texts": (("list", ("obj", _ENTRY)), True)}

Entries = dict[str, list[tuple[list[str], str, str, int]]]


def file_name(lang: str) -> str:
    return f"texts.{lang}.json"


def read(folder: Path, lang: str) -> Entries | None:
    """The entries of the pack's ``texts.<lang>.json`` by pack file name, or None when it has none."""
    from .load import _read_json

    path = folder / file_name(lang)
    if not path.exists():
        return None
    label = file_name(lang)
    doc = _read_json(path, label)
    try:
        schema.check_object(doc, _SCHEMA, "")
    except schema.Invalid as err:
        raise schema.fail(label, err.path, err.problem) from None
    if doc["format"] != FORMAT:
        raise schema.fail(label, "format", f"expected {FORMAT}, got {doc['format']}")
    if doc["lang"] != lang:
        raise schema.fail(label, "lang", f"expected {lang!r}, got {doc['lang']!r}")
    entries: Entries = {}
    for i, entry in enumerate(doc["texts"]):
        steps = entry["where"].split("/")
        if steps[0] not in FILES or len(steps) < 2:
            raise schema.fail(label, f"texts[{i}].where", f"names no text of the pack: {entry['where']!r}")
        entries.setdefault(f"{steps[0]}.json", []).append((steps[1:], entry["en"], entry["text"], i))
    return entries


def apply(name: str, content: Any, entries: Entries) -> Any:
    """A copy of ``content`` (the parsed pack file ``name``) with its texts in the language (the
    content itself is left as it is: it may be the one the English reading gives too)."""
    import marshal

    wanted = entries.get(name)
    if not wanted:
        return content
    content = marshal.loads(marshal.dumps(content))  # plain JSON data: the quickest deep copy
    by = FILES[name[:-5]]
    index = _index(content, by)
    for steps, english, text, _i in wanted:
        node, last = _holder(content, index, steps)
        if last is not None and _get(node, last) == english:  # a record the pack lacks: nothing to show
            _set(node, last, text)
    return content


def _index(content: Any, by: str | None) -> dict[Any, Any] | None:
    """The records of a parsed pack file by id (``by``), or None for a file without ids."""
    return {r.get(by): r for r in content if isinstance(r, dict)} if by and isinstance(content, list) else None


def _holder(content: Any, index: dict[Any, Any] | None, steps: list[str] | tuple[str, ...]) -> tuple[Any, str | None]:
    """The object holding the text ``steps`` names in a parsed pack file (records found through
    ``index`` by id when the file has ids), and its key; ``(None, None)`` when nothing is there."""
    node: Any = content
    rest = list(steps)
    if index is not None:
        node, rest = index.get(rest[0]), rest[1:]
    for step in rest[:-1]:
        node = _get(node, step)
    if not rest or not isinstance(_get(node, rest[-1]), str):
        return None, None
    return node, rest[-1]


def _get(node: Any, step: str) -> Any:
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and step.isdigit() and int(step) < len(node):
        return node[int(step)]
    return None


def _set(node: Any, step: str, value: str) -> None:
    if isinstance(node, dict):
        node[step] = value
    else:
        node[int(step)] = value


def coverage(folder: Path, lang: str, read_file: Any) -> tuple[int, int]:
    """(texts shown in ``lang``, texts there are): the pack's prose (:data:`TEXT_KEYS`) and any
    other text the file translates (a genre, an award's name), whose English is still ``en``."""
    entries = read(folder, lang) or {}
    total = done = 0
    for name in (f"{f}.json" for f in FILES):
        content = read_file(name)
        current = {tuple(s): en for s, en, _t, _i in entries.get(name, [])}
        by = FILES[name[:-5]]
        texts = dict(_texts(content, by))
        index = _index(content, by)
        for path in current.keys() - texts.keys():  # a label the file translates: counted too
            node, last = _holder(content, index, path)
            if last is not None:
                texts[path] = _get(node, last)
        total += len(texts)
        done += sum(1 for path, value in texts.items() if current.get(path) == value)
    return done, total


#: The keys of the texts a translation covers (and any ``*_note``).
TEXT_KEYS = {
    *("title", "blurb", "synopsis", "description", "notes", "note", "text", "summary", "premise", "setting", "when"),
}

#: The keys of lists of texts a translation covers, one entry per item (a recap's ``paragraphs``).
LIST_TEXT_KEYS = {"paragraphs"}


def _texts(content: Any, by: str | None) -> list[tuple[tuple[str, ...], str]]:
    """(steps, value) of every prose text of a parsed pack file."""
    found: list[tuple[tuple[str, ...], str]] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key in TEXT_KEYS or key.endswith("_note")):
                    found.append(((*path, key), value))
                elif key in LIST_TEXT_KEYS and isinstance(value, list):
                    found.extend(((*path, key, str(i)), v) for i, v in enumerate(value) if isinstance(v, str))
                elif isinstance(value, (dict, list)):
                    walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, str(i)))

    if by is None or not isinstance(content, list):
        walk(content, ())
    else:
        for record in content:
            if isinstance(record, dict):
                walk(record, (str(record.get(by)),))
    return found
