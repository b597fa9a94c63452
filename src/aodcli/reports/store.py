"""``aod store check``: the store's state, its profiles and its backups, for people."""

from __future__ import annotations

import os
from typing import Any

from ..i18n import N_, _, ngettext
from ..output.doc import Column, Doc, Fields, Result, Styled, Table, Text
from ..timefmt import local_text
from .common import word

#: The kinds of backup (``loader.Backup.kind``; the JSON keeps them).
BACKUP_KINDS = {"bak": N_("bak"), "daily": N_("daily"), "other": N_("other")}


def _message(data: dict[str, Any]) -> str:
    """The first line: the store's state in the interface language. A store that is fine or not
    there yet is told here; a broken one in the store's own words (``message``)."""
    path = data["path"]
    if data["state"] == "ok":
        profiles, events = len(data["profiles"]), data["events"]
        good = sum(1 for b in data["backups"] if b["ok"])
        return _("{path} is fine: revision {revision}, {profiles}, {events}, {backups}").format(
            path=path,
            revision=data["revision"],
            profiles=ngettext("{count} profile", "{count} profiles", profiles).format(count=profiles),
            events=ngettext("{count} event", "{count} events", events).format(count=events),
            backups=ngettext("{count} good backup", "{count} good backups", good).format(count=good),
        )
    if data["state"] == "missing":
        return _("{path} does not exist yet; it is created on the first change").format(path=path)
    return str(data["message"])


def check_report(data: dict[str, Any]) -> Result:
    """The page for a ``CheckReport.to_dict()`` (which is also the JSON, unchanged)."""
    doc = Doc()
    doc.add(Text(Styled(_message(data), "ok" if data["ok"] else "bad")))
    if data["revision"] is not None:
        doc.add(
            Fields(
                [
                    (_("Revision"), str(data["revision"])),
                    (_("Saved"), local_text(data["updated_at"])),
                    (_("Written by"), data["generator"] or _("unknown")),
                    (_("Events"), str(data["events"])),
                ]
            )
        )
    if data["profiles"]:
        doc.add(
            Table(
                [Column(_("Profile")), Column(_("Events"), justify="right")],
                [[name, str(count)] for name, count in data["profiles"].items()],
            )
        )
    folder = os.path.dirname(data["path"])
    if data["backups"]:
        doc.add(
            Table(
                [
                    Column(_("Backup"), wrap=False),
                    Column(_("Kind")),
                    Column(_("Revision"), justify="right"),
                    Column(_("Saved")),
                    Column(_("State")),
                ],
                [
                    [
                        os.path.relpath(b["path"], folder) if b["path"].startswith(folder) else b["path"],
                        word(BACKUP_KINDS, b["kind"]),
                        "" if b["revision"] is None else str(b["revision"]),
                        local_text(b["updated_at"]) if b["updated_at"] else "",
                        Styled(_("good"), "ok") if b["ok"] else Styled(b["problem"] or _("bad"), "bad"),
                    ]
                    for b in data["backups"]
                ],
                title=_("Backups"),
            )
        )
    for path in data["orphan_temps"]:
        doc.add(
            Text(
                Styled(
                    _("leftover temp file from an interrupted write (the next change removes it): {path}").format(
                        path=path
                    ),
                    "warn",
                )
            )
        )
    for warning in data["warnings"]:
        doc.add(Text(Styled(warning, "warn")))
    return Result(doc, data)
