"""What the import tests share: the fixture folder, zips made in memory, and views of the result.

The fixtures (``tests/fixtures/imports/``) are written for these tests after
each service's format (see that folder's README); zips are made from them
here, in memory, so that what is zipped stays readable in the repository.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aodcli.store import format_utc, load_bytes

from .helpers import ok

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def zip_of(folder: Path, dest: Path, *, prefix: str = "") -> Path:
    """``folder`` (its files, under ``prefix``) as a zip at ``dest``."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, prefix + file.relative_to(folder).as_posix())
    return dest


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def imported(*args: str) -> dict[str, Any]:
    return ok("import", *args, "--json").json()


def store_events(data: Path, profile: str = "default") -> list[dict[str, Any]]:
    doc = load_bytes((data / "store.json").read_bytes())
    return doc["profiles"][profile]["shows"]["all-of-us-are-dead"]["events"]


def snapshot(data: Path) -> dict[str, bytes]:
    return (
        {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}
        if data.exists()
        else {}
    )


def utc(text: str) -> str:
    return format_utc(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))


def local_midnight(day: str) -> str:
    return format_utc(datetime.fromisoformat(day).astimezone())


def views(result: dict[str, Any]) -> list[tuple[str, str | None, bool]]:
    """(episode, at, rewatch) of the events an import added, by time."""
    return sorted(((e["episode"], e["at"], e["rewatch"]) for e in result["events"]), key=lambda v: (v[1] or "~", v[0]))
