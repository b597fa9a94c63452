"""``aod sync`` and ``aod sync --status`` for people (the JSON is the data, unchanged)."""

from __future__ import annotations

from typing import Any

from ..output.doc import Column, Doc, Fields, Hint, Result, Styled, Table, Text
from ..timefmt import local_text

#: How sync counts event types ("3 watched, 1 score").
_NOUNS = {
    "watch": ("watched", "watched"),
    "unwatch": ("unwatched", "unwatched"),
    "skip": ("skipped", "skipped"),
    "rate": ("score", "scores"),
    "note": ("note", "notes"),
    "undo": ("undo", "undos"),
    "unrate": ("score cleared", "scores cleared"),
    "unnote": ("notes deleted", "notes deleted"),
}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _counts(by_type: dict[str, int]) -> str:
    kinds = [k for k in _NOUNS if k in by_type] + sorted(k for k in by_type if k not in _NOUNS)
    return ", ".join(_plural(by_type[k], *_NOUNS.get(k, (k, k))) for k in kinds)


def _devices_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        [
            Column("Device", style="accent"),
            Column("File", wrap=False, drop=2),
            Column("Written"),
            Column("Events", justify="right"),
            Column("State"),
        ],
        title="Devices",
    )
    for row in rows:
        name = row["name"] or "?"
        state: Any = Styled("this device", "ok") if row["this_device"] else Styled("ok", "ok")
        if row["copy_of"]:
            state = Styled(f"ok: a copy of {row['copy_of']}", "ok")
        if row["state"] != "ok":
            state = Styled(f"skipped: {row['problem']}", "bad")
        elif row.get("brought_back"):
            back = _plural(row["brought_back"], "event")
            state = Styled(f"ok; {back} dated over a day ahead of this clock, brought back to it", "warn")
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
    return f"{_plural(n, 'replica')} not read yet: the next sync reads {'it' if n == 1 else 'them'}"


def sync_report(data: dict[str, Any]) -> Result:
    doc = Doc()
    verb = "Would sync" if data["dry_run"] else "Synced"
    others = [r for r in data["devices"] if not r["this_device"] and r["state"] == "ok"]
    who = f"with {_plural(len(others), 'other device')}" if others else "(no other device there yet)"
    doc.add(Text(Styled(f"{verb} {data['device']['name']} through {data['folder']} {who}", "ok")))
    came, went = data.get("in"), data.get("out")
    if came is not None and went is not None:
        lines = [f"{name}: {_counts(counts)}" for name, counts in came["by_profile"].items()]
        items: list[tuple[str, Any]] = [
            ("In", _plural(came["events"], "event") + (" (" + "; ".join(lines) + ")" if lines else ""))
        ]
        if came["profiles_added"]:
            items.append(("New profiles", ", ".join(came["profiles_added"])))
        if came["profiles_removed"]:
            items.append(("Removed profiles", ", ".join(came["profiles_removed"])))
        out = _plural(went["events"], "event")
        if went["profile_changes"]:
            out += ", " + _plural(went["profile_changes"], "profile change")
        items.append(
            ("Out", out + ("" if data["dry_run"] or not went["events"] else " (for the other devices to read)"))
        )
        doc.add(Fields(items))
    doc.add(_devices_table(data["devices"]))
    if data.get("active_profile_now"):
        doc.add(
            Text(
                Styled(
                    f"This device's profile was removed on another device; it now uses {data['active_profile_now']}",
                    "warn",
                )
            )
        )
    if data["unread_files"]:
        doc.add(
            Text(Styled(f"{_plural(data['unread_files'], 'replica')} not read yet: the next sync reads them", "warn"))
        )
    gone = data.get("forgotten")
    if gone is not None:
        files = ", ".join(gone["files"]) or "no file was left to remove"
        doc.add(Text(Styled(f"Forgot {gone['name']} ({gone['device']}): {files}", "ok")))
    if data["dry_run"]:
        doc.add(Hint("Nothing was written. Run it without --dry-run to sync."))
    return Result(doc, data)


def status_report(data: dict[str, Any]) -> Result:
    doc = Doc()
    device = data["device"]
    items: list[tuple[str, Any]] = [("Folder", data["folder"])]
    items.append(("This device", f"{device['name']} ({device['id']})" if device else "not synced yet"))
    items.append(("Last sync", local_text(data["last_sync"]) if data["last_sync"] else "never"))
    if data["last_folder"] and data["last_folder"] != data["folder"]:
        items.append(("Synced through", data["last_folder"]))
    doc.add(Fields(items))
    if data["devices"]:
        doc.add(_devices_table(data["devices"]))
    else:
        doc.add(Text("No device has synced through this folder yet."))
    if data["unread_files"]:
        doc.add(
            Text(Styled(f"{_plural(data['unread_files'], 'replica')} not read yet: the next sync reads them", "warn"))
        )
    return Result(doc, data)
