"""What the sync tests share: run the CLI against one device's data folder, and what its user sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .helpers import Run, ok


def env(data: Path) -> dict[str, str]:
    return {"AOD_DATA_DIR": str(data)}


def run(data: Path, *args: str) -> Run:
    return ok(*args, env=env(data))


def seen(data: Path) -> dict[str, Any]:
    """What a user of ``data`` sees of every profile: names, and each one's history and progress."""
    profiles = run(data, "profile", "list", "--json").json()["profiles"]
    out: dict[str, Any] = {}
    for p in profiles:
        name = p["name"]
        out[name] = {
            "created_at": p["created_at"],
            "history": run(data, "history", "--json", "--profile", name).json(),
            "progress": run(data, "progress", "--json", "--profile", name).json(),
        }
    return out
