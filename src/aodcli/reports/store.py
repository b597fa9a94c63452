"""``aod store check``: the store's state, its profiles and its backups, for people."""

from __future__ import annotations

import os
from typing import Any

from ..output.doc import Column, Doc, Fields, Result, Styled, Table, Text
from ..timefmt import local_text


def check_report(data: dict[str, Any]) -> Result:
    """The page for a ``CheckReport.to_dict()`` (which is also the JSON, unchanged)."""
    doc = Doc()
    doc.add(Text(Styled(data["message"], "ok" if data["ok"] else "bad")))
    if data["revision"] is not None:
        doc.add(
            Fields(
                [
                    ("Revision", str(data["revision"])),
                    ("Saved", local_text(data["updated_at"])),
                    ("Written by", data["generator"] or "unknown"),
                    ("Events", str(data["events"])),
                ]
            )
        )
    if data["profiles"]:
        doc.add(
            Table(
                [Column("Profile"), Column("Events", justify="right")],
                [[name, str(count)] for name, count in data["profiles"].items()],
            )
        )
    folder = os.path.dirname(data["path"])
    if data["backups"]:
        doc.add(
            Table(
                [
                    Column("Backup", wrap=False),
                    Column("Kind"),
                    Column("Revision", justify="right"),
                    Column("Saved"),
                    Column("State"),
                ],
                [
                    [
                        os.path.relpath(b["path"], folder) if b["path"].startswith(folder) else b["path"],
                        b["kind"],
                        "" if b["revision"] is None else str(b["revision"]),
                        local_text(b["updated_at"]) if b["updated_at"] else "",
                        Styled("good", "ok") if b["ok"] else Styled(b["problem"] or "bad", "bad"),
                    ]
                    for b in data["backups"]
                ],
                title="Backups",
            )
        )
    for path in data["orphan_temps"]:
        doc.add(
            Text(Styled(f"leftover temp file from an interrupted write (the next change removes it): {path}", "warn"))
        )
    for warning in data["warnings"]:
        doc.add(Text(Styled(warning, "warn")))
    return Result(doc, data)
