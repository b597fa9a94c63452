"""Export and import of a profile's events (JSON or CSV).

Export writes every event of one profile and show with its id, so importing
the same file twice adds nothing the second time ("merging without
duplicates"). Import is all or nothing: every row is checked before the one
store commit.

CSV files are opened in spreadsheets, which run a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula ("CSV injection").
The only user text in an export is a note's ``text``; every other column is
made by aod (ids, slugs, codes, times, numbers) and cannot start that way. So a
``text`` cell that starts with one of those characters, or with ``'``, gets one
more leading ``'`` (OWASP's advice: the spreadsheet shows the cell as text and
hides the quote), and import takes exactly one leading ``'`` off a ``text``
cell that has one. The two are inverse, so export → import → export is exact,
a note that really starts with ``'=`` included.

Every JSON file ``aod import`` reads (an export, a Trakt history, a TV Time
library) goes through :func:`load_json`, which is stricter than Python's
``json``: no ``NaN``/``Infinity``, no key twice in one object (which value
would count?), no number longer than :data:`MAX_JSON_DIGITS` digits, and a
message in words for JSON nested too deeply. Its messages never quote the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .errors import AodError
from .i18n import _
from .jsonkind import kind_text

if TYPE_CHECKING:
    from .pack.pack import Pack

EXPORT_FORMAT = "aodcli-export"
#: 2: events carry ``batch`` and ``seq`` and may undo a batch (``undoes``); an aodcli that reads
#: only version 1 says the file is newer instead of refusing its first event. Version 1 still imports.
EXPORT_VERSION = 2
MAX_IMPORT_BYTES = 32 * 1024 * 1024
#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection"), and the escaping quote.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_QUOTE = "'"
#: The longest number (in digits) a JSON file may hold: ids and counts are far shorter.
MAX_JSON_DIGITS = 40


class BadImportFile(AodError):
    """An import file that cannot be used; nothing is written."""


def export_json(show_id: str, profile: str, events: list[dict[str, Any]], exported_at: str) -> str:
    doc = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "show": show_id,
        "profile": profile,
        "exported_at": exported_at,
        "events": events,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def csv_text_cell(text: str) -> str:
    """A note as a CSV cell: one more leading ``'`` when it starts like a formula or with ``'``."""
    return CSV_QUOTE + text if text.startswith((*CSV_FORMULA_START, CSV_QUOTE)) else text


def csv_text_value(cell: str) -> str:
    """The note a ``text`` cell holds (undoes ``csv_text_cell`` exactly)."""
    return cell[len(CSV_QUOTE) :] if cell.startswith(CSV_QUOTE) else cell


def export_csv(events: list[dict[str, Any]], code_of: Callable[[str], str | None]) -> str:
    """Events as CSV: one column per field of ``events.FIELDS`` (and the episode's code)."""
    from .events import CSV_COLUMNS, to_cell

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for ev in events:
        row = {k: to_cell(k, ev.get(k)) for k in CSV_COLUMNS if k != "code"}
        row["code"] = to_cell("code", code_of(ev["episode"]) if ev.get("episode") else None)
        if row["text"]:
            row["text"] = csv_text_cell(row["text"])
        writer.writerow(row)
    return out.getvalue()


def _from_csv(text: str, label: str) -> list[dict[str, Any]]:
    try:
        return _csv_events(csv.DictReader(io.StringIO(text)), label)
    except csv.Error as err:  # a NUL byte, a field over the csv module's size limit…
        raise BadImportFile(
            _("{label}: not a readable CSV file ({problem})").format(label=label, problem=err)
        ) from None


def _csv_events(reader: csv.DictReader[str], label: str) -> list[dict[str, Any]]:
    """Each row as an event: every column that names a field of ``events.FIELDS`` (empty: absent,
    but ``at``, which is then an unknown time); the checks come after (``check_events``)."""
    from .events import FIELDS, TYPES, from_cell, known_fields

    if reader.fieldnames is None or not {"id", "type"} <= set(reader.fieldnames):
        raise BadImportFile(
            _("{label}: not an aodcli CSV export (the header needs id and type columns)").format(label=label)
        )
    events = []
    for line, row in enumerate(reader, start=2):
        kind = row.get("type") or ""
        ev: dict[str, Any] = {"id": row.get("id") or "", "type": kind}
        fields = [f for f in FIELDS if kind not in TYPES or f in known_fields(kind)]
        for key in fields:
            cell = row.get(key)
            if key in ev or cell is None or (not cell and key != "at"):
                continue
            try:
                ev[key] = from_cell(key, cell)
            except ValueError as err:
                raise BadImportFile(
                    _("{label}: line {line}: {problem}").format(label=label, line=line, problem=err)
                ) from None
        if kind == "watch":
            ev.setdefault("at", None)
            ev.setdefault("rewatch", False)
        if "text" in ev:
            ev["text"] = csv_text_value(ev["text"])
        events.append(ev)
    return events


@dataclass(slots=True)
class ImportPlan:
    events: list[dict[str, Any]]  # all events read from the file
    new: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0
    show: str | None = None


def read_import(raw: bytes, label: str, show_id: str) -> list[dict[str, Any]]:
    """Events from an export file (JSON or CSV); BadImportFile naming the problem."""
    if len(raw) > MAX_IMPORT_BYTES:  # read_bounded refuses these before reading them; raw bytes from elsewhere
        raise BadImportFile(
            _("{label}: larger than {size} MiB").format(label=label, size=MAX_IMPORT_BYTES // (1024 * 1024))
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadImportFile(_("{label}: not UTF-8 text (byte {byte})").format(label=label, byte=err.start)) from None
    if text.lstrip().startswith("{"):
        doc = load_json(text, label)
        if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
            raise BadImportFile(
                _('{label}: not an aodcli export (no "format": "{format}")').format(label=label, format=EXPORT_FORMAT)
            )
        version = doc.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            shown = kind_text(version, quote_strings=True)
            raise BadImportFile(
                _("{label}: the export's version is {value}, not a version number").format(label=label, value=shown)
            )
        if version > EXPORT_VERSION:
            raise BadImportFile(
                _("{label}: export version {version} is newer than this aodcli reads").format(
                    label=label, version=version
                )
            )
        if doc.get("show") != show_id:
            shown = kind_text(doc.get("show"), quote_strings=True)
            raise BadImportFile(
                _("{label}: exported for show {value}, not {show!r} (use --show)").format(
                    label=label, value=shown, show=show_id
                )
            )
        events = doc.get("events")
        if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
            raise BadImportFile(_('{label}: "events" must be a list of objects').format(label=label))
        return events
    return _from_csv(text, label)


class _Refused(ValueError):
    """A JSON document :func:`load_json` will not take (the message says why, in words)."""


def load_json(text: str, label: str) -> Any:
    """A JSON document from an import file; BadImportFile in words for anything aod will not read."""
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
            parse_int=_whole_number,
            parse_float=_fraction,
        )
    except _Refused as err:
        raise BadImportFile(_("{label}: not JSON aod reads: {problem}").format(label=label, problem=err)) from None
    except json.JSONDecodeError as err:
        raise BadImportFile(
            _("{label}: not valid JSON ({problem}, line {line} column {column})").format(
                label=label, problem=err.msg, line=err.lineno, column=err.colno
            )
        ) from None
    except RecursionError:
        raise BadImportFile(_("{label}: not JSON aod reads: it is nested too deeply").format(label=label)) from None
    except ValueError:  # anything else json.loads raises (none is known): never its text
        raise BadImportFile(_("{label}: not valid JSON").format(label=label)) from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc = dict(pairs)
    if len(doc) < len(pairs):
        seen: set[str] = set()
        twice = ""
        for twice, _value in pairs:
            if twice in seen:
                break
            seen.add(twice)
        if re.fullmatch(r"[A-Za-z0-9_.-]{1,30}", twice):
            raise _Refused(_("the key {key!r} appears twice in one object").format(key=twice))
        raise _Refused(_("a key appears twice in one object"))
    return doc


def _no_constant(name: str) -> Any:
    raise _Refused(_("{name} is not a JSON number").format(name=name))


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _too_long(text: str) -> _Refused:
    return _Refused(
        _("a number of {digits} digits (at most {most})").format(digits=_digits(text), most=MAX_JSON_DIGITS)
    )


def _whole_number(text: str) -> int:
    if len(text) > MAX_JSON_DIGITS and _digits(text) > MAX_JSON_DIGITS:
        raise _too_long(text)
    return int(text)


def _fraction(text: str) -> float:
    if len(text) > MAX_JSON_DIGITS and _digits(text) > MAX_JSON_DIGITS:
        raise _too_long(text)
    return float(text)


def merge(existing: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Events of ``incoming`` whose ids are new, and how many were already there."""
    have = {e["id"] for e in existing}
    new, dupes, seen = [], 0, set()
    for ev in incoming:
        ident = ev.get("id")
        if ident in have or ident in seen:
            dupes += 1
            continue
        seen.add(ident)
        new.append(ev)
    return new, dupes


def ordered(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events sorted by recorded time (stable, so events of one time keep their order
    and undo always follows its target). Times are compared as times: as text,
    ``…:00.5Z`` would sort before ``…:00Z``."""
    from .store import parse_utc

    return sorted(events, key=lambda e: parse_utc(e["recorded"]))


#: How far in the future an imported time may be (another machine's clock may run ahead).
IMPORT_CLOCK_SKEW = timedelta(days=1)


def check_events(pack: Pack, incoming: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """The events of an import file as store events, each checked; BadImportFile naming the first bad one."""
    from .errors import UsageError
    from .store import new_event, parse_utc, utc_now

    latest = utc_now() + IMPORT_CLOCK_SKEW
    out = []
    for i, ev in enumerate(incoming):
        missing = [key for key in ("id", "recorded") if key not in ev]
        if len(missing) > 1:  # an export always has them; inventing them would import the event twice
            raise BadImportFile(_("{label}: event {n}: no id and no recorded").format(label=label, n=i + 1))
        if missing:
            raise BadImportFile(_("{label}: event {n}: no {field}").format(label=label, n=i + 1, field=missing[0]))
        kind = ev.get("type")
        if not isinstance(kind, str):  # never Python's words for it ('True')
            raise BadImportFile(
                _('{label}: event {n}: its type is {kind}, not a text like "watch"').format(
                    label=label, n=i + 1, kind=kind_text(kind)
                )
            )
        fields = {k: v for k, v in ev.items() if k not in ("type", "episode")}
        try:
            checked = new_event(kind, episode=ev.get("episode"), **fields)
        except (UsageError, TypeError) as err:
            raise BadImportFile(_("{label}: event {n}: {problem}").format(label=label, n=i + 1, problem=err)) from None
        if checked.get("episode") is not None and pack.episode(checked["episode"]) is None:
            raise BadImportFile(
                _("{label}: event {n}: episode {episode!r} is not in this show").format(
                    label=label, n=i + 1, episode=checked["episode"]
                )
            )
        for key in ("recorded", "at"):
            if checked.get(key) and parse_utc(checked[key]) > latest:
                raise BadImportFile(
                    _("{label}: event {n}: {field} {time} is in the future").format(
                        label=label, n=i + 1, field=key, time=checked[key]
                    )
                )
        out.append(checked)
    return out
