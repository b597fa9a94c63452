"""``aod sync`` and ``aod sync --status`` for people (the JSON is the data, unchanged)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..i18n import _, ngettext
from ..output.doc import Column, Doc, Fields, Hint, Result, Styled, Table, Text
from ..timefmt import local_text

#: How sync counts event types ("3 watched, 1 score"): a count in, its words out.
_NOUNS: dict[str, Callable[[int], str]] = {
    "watch": lambda n: ngettext("{count} watched", "{count} watched", n),
    "unwatch": lambda n: ngettext("{count} unwatched", "{count} unwatched", n),
    "skip": lambda n: ngettext("{count} skipped", "{count} skipped", n),
    "rate": lambda n: ngettext("{count} score", "{count} scores", n),
    "note": lambda n: ngettext("{count} note", "{count} notes", n),
    "undo": lambda n: ngettext("{count} undo", "{count} undos", n),
    "unrate": lambda n: ngettext("{count} score cleared", "{count} scores cleared", n),
    "unnote": lambda n: ngettext("{count} notes deleted", "{count} notes deleted", n),
}


def _events(n: int) -> str:
    return ngettext("{count} event", "{count} events", n).format(count=n)


def _counts(by_type: dict[str, int]) -> str:
    kinds = [k for k in _NOUNS if k in by_type] + sorted(k for k in by_type if k not in _NOUNS)
    return ", ".join(
        _NOUNS[k](by_type[k]).format(count=by_type[k]) if k in _NOUNS else f"{by_type[k]} {k}" for k in kinds
    )


def _devices_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        [
            Column(_("Device"), style="accent"),
            Column(_("File"), wrap=False, drop=2),
            Column(_("Written")),
            Column(_("Events"), justify="right"),
            Column(_("State")),
        ],
        title=_("Devices"),
    )
    for row in rows:
        name = row["name"] or "?"
        state: Any = Styled(_("this device"), "ok") if row["this_device"] else Styled(_("ok"), "ok")
        if row["copy_of"]:
            state = Styled(_("ok: a copy of {device}").format(device=row["copy_of"]), "ok")
        if row["state"] != "ok":
            state = Styled(_("skipped: {problem}").format(problem=row["problem"]), "bad")
        elif row.get("brought_back"):
            n = row["brought_back"]
            state = Styled(
                ngettext(
                    "ok; {count} event dated over a day ahead of this clock, brought back to it",
                    "ok; {count} events dated over a day ahead of this clock, brought back to it",
                    n,
                ).format(count=n),
                "warn",
            )
        table.rows.append(
            [
                name,
                row["file"],
                local_text(row["written"]) if row["written"] else "",
                "" if row["events"] is None else str(row["events"]),
                state,
            ]
        )
    return table


def _unread(n: int) -> str:
    return ngettext(
        "{count} replica not read yet: the next sync reads it",
        "{count} replicas not read yet: the next sync reads them",
        n,
    ).format(count=n)


def _synced(data: dict[str, Any], others: int) -> str:
    """The first line: who synced through which folder, with how many other devices."""
    fields = {"device": data["device"]["name"], "folder": data["folder"], "count": others}
    if data["dry_run"]:
        if not others:
            return _("Would sync {device} through {folder} (no other device there yet)").format(**fields)
        return ngettext(
            "Would sync {device} through {folder} with {count} other device",
            "Would sync {device} through {folder} with {count} other devices",
            others,
        ).format(**fields)
    if not others:
        return _("Synced {device} through {folder} (no other device there yet)").format(**fields)
    return ngettext(
        "Synced {device} through {folder} with {count} other device",
        "Synced {device} through {folder} with {count} other devices",
        others,
    ).format(**fields)


def sync_report(data: dict[str, Any]) -> Result:
    doc = Doc()
    others = [r for r in data["devices"] if not r["this_device"] and r["state"] == "ok"]
    doc.add(Text(Styled(_synced(data, len(others)), "ok")))
    came, went = data.get("in"), data.get("out")
    if came is not None and went is not None:
        lines = [f"{name}: {_counts(counts)}" for name, counts in came["by_profile"].items()]
        came_text = _events(came["events"])
        if lines:
            came_text = _("{events} ({details})").format(events=came_text, details="; ".join(lines))
        items: list[tuple[str, Any]] = [(_("In"), came_text)]
        if came["profiles_added"]:
            items.append((_("New profiles"), ", ".join(came["profiles_added"])))
        if came["profiles_removed"]:
            items.append((_("Removed profiles"), ", ".join(came["profiles_removed"])))
        out = _events(went["events"])
        if went["profile_changes"]:
            n = went["profile_changes"]
            out += ", " + ngettext("{count} profile change", "{count} profile changes", n).format(count=n)
        if not data["dry_run"] and went["events"]:
            out = _("{events} (for the other devices to read)").format(events=out)
        items.append((_("Out"), out))
        doc.add(Fields(items))
    doc.add(_devices_table(data["devices"]))
    if data.get("active_profile_now"):
        doc.add(
            Text(
                Styled(
                    _("This device's profile was removed on another device; it now uses {profile}").format(
                        profile=data["active_profile_now"]
                    ),
                    "warn",
                )
            )
        )
    if data["unread_files"]:
        doc.add(Text(Styled(_unread(data["unread_files"]), "warn")))
    gone = data.get("forgotten")
    if gone is not None:
        files = ", ".join(gone["files"]) or _("no file was left to remove")
        doc.add(
            Text(
                Styled(
                    _("Forgot {name} ({device}): {files}").format(
                        name=gone["name"], device=gone["device"], files=files
                    ),
                    "ok",
                )
            )
        )
    if data["dry_run"]:
        doc.add(Hint(_("Nothing was written. Run it without --dry-run to sync.")))
    return Result(doc, data)


def status_report(data: dict[str, Any]) -> Result:
    doc = Doc()
    device = data["device"]
    items: list[tuple[str, Any]] = [(_("Folder"), data["folder"])]
    this = f"{device['name']} ({device['id']})" if device else _("not synced yet")
    items.append((_("This device"), this))
    items.append((_("Last sync"), local_text(data["last_sync"]) if data["last_sync"] else _("never")))
    if data["last_folder"] and data["last_folder"] != data["folder"]:
        items.append((_("Synced through"), data["last_folder"]))
    doc.add(Fields(items))
    if data["devices"]:
        doc.add(_devices_table(data["devices"]))
    else:
        doc.add(Text(_("No device has synced through this folder yet.")))
    if data["unread_files"]:
        doc.add(Text(Styled(_unread(data["unread_files"]), "warn")))
    return Result(doc, data)
