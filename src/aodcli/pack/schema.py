"""A small declarative validator for pack files (format 1, docs/data-format.md).

A schema is a dict ``key -> (spec, required)``. Specs are strings naming a
type (``"str"``, ``"str?"``, ``"int"``, ``"date?"``, ``"slug"``, ``"sources"``,
``"fact"`` …), ``("list", spec)``, ``("obj", schema)`` or ``("enum", values)``.
The schemas of the pack's records (``EPISODE`` …) are made from their
declarations in ``model.py``; a record class in a spec stands for its object.
Errors are ``PackError`` naming the file, the JSON path and the problem: the
sentences in the interface language, the file, the path and the values as they are.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

from ..errors import PackError
from ..i18n import _
from ..jsonkind import kind_text
from ..safetext import escape_unsafe, unsafe_char_problem
from . import model

Spec = Any
Schema = dict[str, tuple[Spec, bool]]

#: The pack format this aodcli reads (``show.json``'s ``format``).
FORMAT_VERSION = 1
MAX_TEXT = 20_000


class Invalid(Exception):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def _kind(value: Any) -> str:
    return kind_text(value, quote_strings=True)


def _is_slug(value: str) -> bool:
    if not 1 <= len(value) <= 64 or not value.isascii():
        return False
    if not (value[0].islower() or value[0].isdigit()):
        return False
    return all(c.islower() or c.isdigit() or c == "-" for c in value)


def _is_date(value: str) -> bool:
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return False
    y, m, d = value[:4], value[5:7], value[8:]
    if not (y.isdigit() and m.isdigit() and d.isdigit() and y.isascii() and m.isascii()):
        return False
    from datetime import date

    try:
        date(int(y), int(m), int(d))
    except ValueError:
        return False
    return True


def _check_str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise Invalid(path, _("expected a string, got {kind}").format(kind=_kind(value)))
    if len(value) > MAX_TEXT:
        raise Invalid(path, _("text longer than {limit} characters").format(limit=MAX_TEXT))
    problem = unsafe_char_problem(value)
    if problem:  # pack text reaches the terminal: no escape sequences, no reordering (safetext.py)
        raise Invalid(path, problem)
    return value


def _check_any(value: Any, path: str) -> None:
    """Any JSON value, but every string and key in it as safe as ``"str"`` ones."""
    if isinstance(value, str):
        _check_str(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_any(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        prefix = f"{path}." if path else ""
        for key, item in value.items():
            _check_key(key, path)
            _check_any(item, f"{prefix}{key}")


def _check_key(key: str, path: str) -> None:
    problem = unsafe_char_problem(key)
    if problem:  # the key is not quoted: it would be the escape sequence
        raise Invalid(path or _("(top level)"), _("a key {problem}").format(problem=problem))


SOURCED: Schema = {"value": ("any", True), "sources": ("sources", True), "note": ("str?", False)}
DISPUTED: Schema = {
    "disputed": ("true", True),
    "versions": (("list", ("obj", SOURCED)), True),
    "note": ("str?", False),
}


def check(value: Any, spec: Spec, path: str) -> None:
    """Raise ``Invalid`` when ``value`` does not match ``spec``."""
    optional = isinstance(spec, str) and spec.endswith("?")
    if optional:
        if value is None:
            return
        spec = spec[:-1]
    if isinstance(spec, tuple):
        tag = spec[0]
        if tag == "list":
            if not isinstance(value, list):
                raise Invalid(path, _("expected a list, got {kind}").format(kind=_kind(value)))
            for i, item in enumerate(value):
                check(item, spec[1], f"{path}[{i}]")
        elif tag == "obj":
            check_object(value, spec[1], path)
        elif tag == "enum":
            if value not in spec[1]:
                allowed = ", ".join(repr(v) for v in spec[1])
                raise Invalid(
                    path, _("expected one of {allowed}, got {kind}").format(allowed=allowed, kind=_kind(value))
                )
        else:  # pragma: no cover - a bug in a schema table
            raise AssertionError(spec)
        return
    if spec == "any":
        _check_any(value, path)
        return
    if spec == "str":
        _check_str(value, path)
    elif spec == "text":
        if not _check_str(value, path).strip():
            raise Invalid(path, _("must not be empty"))
    elif spec == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise Invalid(path, _("expected an integer, got {kind}").format(kind=_kind(value)))
        if not 0 <= value <= 1_000_000:
            raise Invalid(path, _("number {value} is out of range (0 to 1000000)").format(value=value))
    elif spec == "bool":
        if not isinstance(value, bool):
            raise Invalid(path, _("expected true or false, got {kind}").format(kind=_kind(value)))
    elif spec == "true":
        if value is not True:
            raise Invalid(path, _("expected true"))
    elif spec == "slug":
        if not _is_slug(_check_str(value, path)):
            raise Invalid(
                path, _("{value} is not a valid id (lowercase letters, digits, '-')").format(value=_kind(value))
            )
    elif spec == "date":
        if not _is_date(_check_str(value, path)):
            raise Invalid(path, _("expected a date YYYY-MM-DD, got {kind}").format(kind=_kind(value)))
    elif spec == "sources":
        check(value, ("list", "str"), path)
    elif spec == "fact":
        if isinstance(value, dict) and "disputed" in value:
            check_object(value, DISPUTED, path)
        else:
            check_object(value, SOURCED, path)
    else:  # pragma: no cover
        raise AssertionError(spec)


def check_object(value: Any, schema: Schema, path: str) -> None:
    if not isinstance(value, dict):
        raise Invalid(path, _("expected an object, got {kind}").format(kind=_kind(value)))
    prefix = f"{path}." if path else ""
    for key in value:
        _check_key(key, path)
        if key not in schema:
            raise Invalid(f"{prefix}{key}", _("unknown key (see docs/data-format.md)"))
    for key, (spec, required) in schema.items():
        if key not in value:
            if required:
                raise Invalid(f"{prefix}{key}", _("missing"))
            continue
        check(value[key], spec, f"{prefix}{key}")


def fail(file: str, path: str, problem: str) -> PackError:
    path = escape_unsafe(path)  # keys are checked, but a message must never carry an escape sequence
    if path:
        return PackError(
            _("invalid data pack: {file}: {path}: {problem}").format(file=file, path=path, problem=problem)
        )
    return PackError(_("invalid data pack: {file}: {problem}").format(file=file, problem=problem))


# ---- the tables of docs/data-format.md -------------------------------------


def _resolved(spec: Spec) -> Spec:
    """``spec`` with each record class in it replaced by its object schema."""
    if isinstance(spec, type):
        return ("obj", record_schema(spec))
    if isinstance(spec, tuple) and spec[0] == "list":
        return ("list", _resolved(spec[1]))
    return spec


def record_schema(cls: type) -> Schema:
    """The schema of a record class (``model.py``): its keys in the file, each with its
    spec and whether the file must have it (a key with a default may be left out)."""
    return {f.name: (_resolved(f.metadata["spec"]), f.default is MISSING) for f in fields(cls) if "spec" in f.metadata}


# The records' schemas come from their declarations in model.py.
ALIAS = record_schema(model.Alias)
PERSON = record_schema(model.Person)
CHARACTER = record_schema(model.Character)
CREDIT = record_schema(model.Credit)
EVENT = record_schema(model.Event)
EPISODE = record_schema(model.Episode)
SEASON = record_schema(model.Season)
LOCAL_TITLE: Schema = {
    "lang": ("text", True),
    "value": ("text", True),
    "sources": ("sources", True),
    "note": ("str?", False),
}
TITLE: Schema = {
    "en": ("text", True),
    "ko": ("str?", False),
    "romanized": ("fact", False),
    "literal": ("str?", False),
    "short_ko": ("str?", False),
    "netflix": (("list", ("obj", LOCAL_TITLE)), False),
    "netflix_note": ("str?", False),
}
PRODUCTION: Schema = {
    "name": ("text", True),
    "name_ko": ("str?", False),
    "parent": ("str?", False),
    "parent_ko": ("str?", False),
    "sources": ("sources", True),
}
RATING: Schema = {"region": ("text", True), "rating": ("text", True), "sources": ("sources", True)}
SOURCE_WORK: Schema = {
    "title_en": ("str?", True),
    "title_ko": ("str?", False),
    "kind": ("str?", False),
    "author": ("slug?", True),
    "platform": ("str?", True),
    "start": ("fact", False),
    "end": ("fact", False),
    "episodes": ("fact", False),
    "age_rating": ("fact", False),
}
RECEPTION: Schema = {
    "outlet": ("text", True),
    "score": ("text", True),
    "as_of": ("str?", True),
    "sources": ("sources", True),
    "note": ("str?", False),
}
RECORD: Schema = {"text": ("text", True), "sources": ("sources", True)}
AWARD: Schema = {
    "event": ("text", True),
    "date": ("date?", True),
    "award": ("text", True),
    "person": ("slug?", True),
    "sources": ("sources", True),
}
EXTERNAL_IDS: Schema = {
    "imdb": ("str?", False),
    "tmdb": ("int?", False),
    "tvdb": ("int?", False),
    "trakt": ("int?", False),
    "sources": ("sources", True),
    "note": ("str?", False),
}
#: An audio track the sources confirm: its language (``ko``, ``en``) and whether it is the original or a dub.
AUDIO: Schema = {"lang": ("slug", True), "kind": (("enum", ("original", "dub")), True), "sources": ("sources", True)}
#: Where to watch it: the streaming service's title page and id, and the audio and subtitle
#: languages the sources confirm (no ``subtitles``: no source lists them).
WATCH: Schema = {
    "service": ("text", True),
    "title_id": ("str?", True),
    "url": ("str?", True),
    "audio": (("list", ("obj", AUDIO)), True),
    "subtitles": (("list", "slug"), False),
    "sources": ("sources", True),
}
#: A place or a word of the show that search finds (``aod search 효산``, ``aod search 절비``);
#: ``episode``: the first episode that shows it (not searched before it); null: the premise tells it.
TERM: Schema = {
    "id": ("slug", True),
    "kind": (("enum", ("place", "term")), True),
    "name": ("text", True),
    "hangul": ("str?", True),
    "aliases": (("list", "text"), True),
    "episode": ("slug?", True),
    "text": ("text", True),
    "sources": ("sources", True),
}
SHOW: Schema = {
    "format": ("int", True),
    "id": ("slug", True),
    "title": (("obj", TITLE), True),
    "kind": ("str?", False),
    "network": ("str?", False),
    "external_ids": (("obj", EXTERNAL_IDS), False),
    "premiere": ("date?", True),
    "release_note": ("str?", False),
    "genres": (("list", "str"), False),
    "setting": ("str?", False),
    "premise": ("str?", False),
    "directors": (("list", "slug"), False),
    "writers": (("list", "slug"), False),
    "creators": (("list", "slug"), False),
    "production": (("list", ("obj", PRODUCTION)), False),
    "age_rating": (("list", ("obj", RATING)), False),
    "source_work": (("obj", SOURCE_WORK), False),
    "reception": (("list", ("obj", RECEPTION)), False),
    "records": (("list", ("obj", RECORD)), False),
    "awards": (("list", ("obj", AWARD)), False),
    "notes": (("list", ("obj", RECORD)), False),
    "terms": (("list", ("obj", TERM)), False),
    "watch": (("obj", WATCH), False),
    "sources": ("sources", True),
}
SOURCE: Schema = {"title": ("text", True), "url": ("str?", True), "reveals": ("slug?", False)}

FILES: dict[str, tuple[str | None, Spec]] = {
    "show.json": (None, ("obj", SHOW)),
    "seasons.json": ("seasons", ("list", ("obj", SEASON))),
    "episodes.json": ("episodes", ("list", ("obj", EPISODE))),
    "people.json": ("people", ("list", ("obj", PERSON))),
    "characters.json": ("characters", ("list", ("obj", CHARACTER))),
    "credits.json": ("credits", ("list", ("obj", CREDIT))),
    "events.json": ("events", ("list", ("obj", EVENT))),
    "sources.json": ("sources", "any"),
}


def _source_list_keys(spec: Spec) -> set[str]:
    if isinstance(spec, tuple) and spec[0] == "list":
        return _source_list_keys(spec[1])
    if isinstance(spec, tuple) and spec[0] == "obj":
        found: set[str] = set()
        for name, (item, _required) in spec[1].items():
            found |= {name} if item == "sources" else _source_list_keys(item)
        return found
    return set()


#: Every key that holds a list of source keys, in any file (``sources``, an episode's ``runtime_sources``).
SOURCE_LIST_KEYS = frozenset().union(*(_source_list_keys(spec) for _, spec in FILES.values()))
