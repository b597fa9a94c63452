"""``aod sync``: converge this device's store with the replicas in a shared folder.

One sync: read every replica of the folder that changed since the last sync
(:mod:`.folder`, :mod:`.replica`), join their pools with this device's store and
its previous replica, and make the store show what the joined pool implies (one
store commit, :mod:`.merge`). A time more than a day ahead of this device's
clock (a device whose clock ran ahead: an import refuses such times) is
brought back to a day ahead, and counted per file; every device keeps the
earliest copy of an event, so all agree on it. Inside
that commit this device's next replica (the joined pool) is written to a temp
file in the folder, so a folder that cannot take it stops the sync before the
store changes; after the commit it is renamed into place and the sync is
remembered in ``sync.json``. A crash in between is harmless: the next sync does
the same again (its leftover temp file is removed), and joining repeats nothing.
A replica that cannot be read is reported and left out; it never changes the store.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..fileio import phrase
from ..fileio.phrase import Phrase
from ..i18n import _
from .folder import Found, State, SyncError, check_folder, load_state, locked, new_state, own_file, scan, signature
from .merge import Applied, Pool, apply, pool_of_store

#: How many of this device's replica times sync.json keeps (a stale copy of one is still ours).
KEEP_WROTE = 50

__all__ = ["Outcome", "Plan", "SyncError", "locked", "prepare", "status"]


@dataclass
class Outcome:
    """What the commit did, and the pool this device's replica holds."""

    applied: Applied
    pool: Pool
    out_events: int = 0
    out_log: int = 0
    written: str | None = None  # when this device's next replica was made (staged)


@dataclass
class Plan:
    """One sync, read and ready to commit."""

    folder: Path
    state: State
    show: str
    found: list[Found]
    unread: int
    incoming: Pool = field(default_factory=Pool)  # every replica read, this device's own included
    others: Pool = field(default_factory=Pool)  # the other devices' replicas read
    published: set[tuple[str, str]] = field(default_factory=set)  # the events of this device's last replica
    fresh: bool = False  # this device has no sync.json yet
    _staged: str | None = None  # the temp file of the replica being written

    def mutate(self, stage: bool = True) -> Callable[[dict[str, Any]], Outcome]:
        """The store change of this sync. With ``stage``, this device's next replica is also
        written to a temp file in the folder, inside the commit: a folder that cannot take it
        stops the sync before the store changes."""

        def run(doc: dict[str, Any]) -> Outcome:
            pool = Pool()
            pool.absorb(self.incoming)
            pool.absorb(pool_of_store(doc, self.show))
            applied = apply(doc, pool, self.show)
            skipped = any(f.unchanged for f in self.found)  # what they hold is in this device's last replica
            out_events = len(pool.event_keys() - self.others.event_keys() - (self.published if skipped else set()))
            out_log = len(pool.log.keys() - self.others.log.keys())
            outcome = Outcome(applied, pool, out_events, out_log)
            if stage:
                self._stage(outcome)
            return outcome

        return run

    def _stage(self, outcome: Outcome) -> None:
        from ..store import now_str
        from ..store.document import size_text
        from .folder import stage_replica
        from .replica import MAX_BYTES, build

        state = self.state
        outcome.written = now_str()
        data = build(outcome.pool, device=state.device, device_name=state.name, show=self.show, written=outcome.written)
        if len(data) > MAX_BYTES:  # the other devices would not read it
            raise SyncError(
                _("this device's replica would be {size}, more than the {limit} aod reads; nothing was changed").format(
                    size=size_text(len(data)), limit=size_text(MAX_BYTES)
                )
            )
        self._staged = stage_replica(self.folder, state.device, data)

    def run(self, commit: Callable[[Callable[[dict[str, Any]], Outcome]], Outcome]) -> tuple[Outcome, str]:
        """The whole sync through ``commit`` (the store's commit): merge into the store with the
        replica staged, then put the replica in place. A failed commit leaves no temp file."""
        from .folder import discard_staged, save_state, state_path

        if self.fresh:  # who this device is, before anything bears its id: a killed first sync is resumed
            save_state(self.state)
        try:
            outcome = commit(self.mutate())
        except BaseException:
            discard_staged(self._staged)
            if self.fresh:  # a sync that failed leaves nothing, not even this device's id
                with suppress(OSError):
                    os.unlink(state_path())
            raise
        self.fresh = False
        return outcome, self.publish(outcome)

    def publish(self, outcome: Outcome) -> str:
        """Put the staged replica in place and remember the sync; return the time it was written."""
        from .folder import install_replica, save_state

        assert self._staged is not None and outcome.written is not None
        state = self.state
        state.wrote = [*state.wrote, outcome.written][-KEEP_WROTE:]  # known as ours, even if we stop after the rename
        save_state(state)
        install_replica(self.folder, state.device, self._staged)
        self._staged = None
        state.folder = str(self.folder)
        state.synced_at = outcome.written
        state.seen = {
            f.replica.device: {"name": f.replica.device_name, "written": f.replica.written}
            for f in self.found
            if f.replica is not None and f.replica.device != state.device
        }
        mine = own_file(state.device)
        state.files = {
            f.file: {
                "sig": f.sig,
                "device": f.replica.device,
                "name": f.replica.device_name,
                "written": f.replica.written,
                "events": f.replica.events,
                "brought_back": f.brought_back,
            }
            for f in self.found
            if f.replica is not None and f.sig is not None and f.file != mine
        }
        with suppress(OSError):  # without it, the next sync reads every replica
            state.files[mine] = {
                "sig": signature(os.stat(self.folder / mine)),
                "device": state.device,
                "name": state.name,
                "written": outcome.written,
                "events": sum(len(v) for v in outcome.pool.events.values()),
            }
        save_state(state)
        return outcome.written

    def biggest_read(self) -> str | None:
        """The largest other device's replica this sync read (None: none)."""
        mine = own_file(self.state.device)
        read = [f for f in self.found if f.replica is not None and not f.unchanged and f.file != mine]
        return max(read, key=lambda f: (f.size, f.file)).file if read else None

    def retired(self, which: str) -> tuple[str, str]:
        """The (id, name) of the device ``which`` names (its id, or its name as the devices table
        shows it) among this folder's replicas; SyncError when none or several, or this device."""
        from ..profiles import fold

        seen = {(f.replica.device, f.replica.device_name) for f in self.found if f.replica is not None}
        hits = {d for d in seen if which == d[0] or fold(which) == fold(d[1])}
        if len({d[0] for d in hits}) != 1:
            known = ", ".join(sorted(f"{n} ({d})" for d, n in seen if d != self.state.device)) or _("none")
            if hits:
                message = _(
                    "cannot forget {device!r}: several devices have that name: give its id (devices: {known}); "
                    "nothing was changed"
                )
            else:
                message = _(
                    "cannot forget {device!r}: no device of that id or name (devices: {known}); nothing was changed"
                )
            raise SyncError(message.format(device=which, known=known))
        device, name = sorted(hits)[0]
        if device == self.state.device:
            raise SyncError(_("cannot forget this device itself; nothing was changed"))
        return device, name

    def forget(self, retired: tuple[str, str]) -> dict[str, Any]:
        """Remove the retired device's files (its replica and copies of it) from the folder. Run after
        this sync put everything they hold into this device's replica, so nothing recorded is lost."""
        from ..safetext import escape_unsafe
        from .folder import remove_replica

        device, name = retired
        files = sorted(f.file for f in self.found if f.replica is not None and f.replica.device == device)
        removed = [f for f in files if remove_replica(self.folder, f)]
        self.state.files = {k: v for k, v in self.state.files.items() if k not in removed}
        self.state.seen.pop(device, None)
        from .folder import save_state

        save_state(self.state)
        return {"device": device, "name": name, "files": [escape_unsafe(f) for f in removed]}

    def report(self, outcome: Outcome | None, written: str | None, dry_run: bool) -> dict[str, Any]:
        """The JSON document of this sync (``outcome`` None: nothing committed)."""
        from ..safetext import escape_unsafe

        data: dict[str, Any] = {
            "folder": escape_unsafe(str(self.folder)),
            "device": {"id": self.state.device, "name": self.state.name},
            "dry_run": dry_run,
        }
        if outcome is not None:
            applied = outcome.applied
            data["in"] = {
                "events": sum(len(v) for v in applied.added.values()),
                "by_profile": {
                    name: dict(sorted(Counter(e["type"] for e in events).items()))
                    for name, events in sorted(applied.added.items())
                },
                "profiles_added": sorted(applied.new_profiles),
                "profiles_removed": sorted(applied.removed_profiles),
            }
            data["out"] = {"events": outcome.out_events, "profile_changes": outcome.out_log}
            data["active_profile_now"] = applied.switched_to
        own = sum(len(v) for v in outcome.pool.events.values()) if outcome is not None else None
        data["devices"] = devices(self.found, self.state, written, own)
        data["unread_files"] = self.unread
        return data


def run(
    folder: Path | None,
    show: str,
    name: str | None,
    commit: Callable[[Callable[[dict[str, Any]], Outcome]], Outcome],
    forget: str | None = None,
) -> dict[str, Any]:
    """One whole sync (``aod sync``, under :func:`locked`): read, merge through ``commit``, put this
    device's replica in place; with ``forget``, then remove that retired device's files. A replica
    whose content would make the store larger than aod reads back is left out, by name, and the
    rest merges. Returns the report's data."""
    from ..store import StoreTooLarge

    left_out: dict[str, Phrase] = {}
    while True:
        plan = prepare(folder, show, name, left_out)
        retired = plan.retired(forget) if forget is not None else None  # checked before anything is written
        try:
            outcome, written = plan.run(commit)
        except StoreTooLarge:
            biggest = plan.biggest_read()
            if biggest is None:
                raise
            left_out[biggest] = phrase._("left out: what it holds would make your store larger than aod reads back")
            continue
        report = plan.report(outcome, written, False)
        if retired is not None:
            report["forgotten"] = plan.forget(retired)
        return report


def prepare(folder: Path | None, show: str, name: str | None = None, left_out: dict[str, Phrase] | None = None) -> Plan:
    """Read the sync folder for one sync; SyncError/UsageError when it cannot go ahead.
    ``left_out``: files not to read (name -> why), listed as skipped."""
    from datetime import timedelta

    from ..store import utc_now

    loaded = load_state()
    state = loaded or new_state(name)
    if name is not None:
        from .replica import clean_name

        state.name = clean_name(name)
    if folder is None:
        if state.folder is None:
            raise UsageError(_("name the folder to sync through: aod sync DIR (later syncs remember it)"))
        folder = Path(state.folder)
    folder = check_folder(folder)
    mine = own_file(state.device)
    known = state.files if state.folder == str(folder) else {}
    try:
        own_now = signature(os.stat(folder / mine))
    except OSError:
        own_now = None
    if own_now is None or known.get(mine, {}).get("sig") != own_now:
        known = {}  # this device's replica is not as it left it: read every replica
    plan = Plan(folder, state, show, [], 0, fresh=loaded is None)
    latest = utc_now() + timedelta(days=1)  # as an import: a time further ahead is a clock gone wrong
    for f in scan(folder, show, {k: v for k, v in known.items() if k != mine}, left_out):
        plan.found.append(f)
        if f.problem is not None and f.problem.kind == "later":
            plan.unread += 1
        if f.file == mine and f.problem is not None and f.problem.kind in ("newer", "other-show"):
            raise SyncError(
                _("{path} (this device's replica) {problem}; nothing was changed").format(
                    path=folder / mine, problem=f.problem.reason
                )
            )
        if f.replica is None or f.unchanged:
            continue
        if f.file == mine:
            _check_own(folder / mine, f, state)
            plan.published = f.replica.pool.event_keys()
        f.replica.count = f.replica.events
        f.brought_back = f.replica.pool.bring_back(latest)
        plan.incoming.absorb(f.replica.pool)
        if f.replica.device != state.device:
            plan.others.absorb(f.replica.pool)
        f.replica.pool = Pool()  # absorbed: memory holds one replica's pool at a time, plus the join
    return plan


def _check_own(path: Path, found: Found, state: State) -> None:
    """SyncError when this device's file was written by another device with the same id: a copied data folder."""
    assert found.replica is not None
    if state.wrote and found.replica.written not in state.wrote:
        raise SyncError(
            _(
                "{path} was written at {written} by another device using this device's id "
                "({device}): a copy of this data folder syncs too. On the copy, delete sync.json in its data "
                "folder and sync again (it then joins as a new device); nothing was changed"
            ).format(path=path, written=found.replica.written, device=state.device)
        )


def devices(found: list[Found], state: State, written: str | None, own: int | None = None) -> list[dict[str, Any]]:
    """One row per file of the folder: whose it is, when written, how many events, usable or why not."""
    from ..safetext import escape_unsafe

    rows = []
    mine = own_file(state.device)
    for f in found:
        r = f.replica
        row: dict[str, Any] = {
            "file": escape_unsafe(f.file),  # any name a folder holds: shown, never obeyed
            "device": r.device if r else (f.problem.device if f.problem else None),
            "name": r.device_name if r else None,
            "written": r.written if r else None,
            "events": r.events if r else None,
            "this_device": f.file == mine,
            "state": "ok" if r else "skipped",
            "problem": f.problem.reason.map(escape_unsafe) if f.problem else None,
            # a sync tool's conflict copy (or a renamed file): read like the rest
            "copy_of": own_file(r.device) if r and f.file != own_file(r.device) else None,
            "brought_back": f.brought_back,  # events dated over a day ahead of this clock, brought back to it
        }
        if f.file == mine and written is not None:
            row.update(name=state.name, written=written, events=own, state="ok", problem=None)
        rows.append(row)
    if written is not None and not any(f.file == mine for f in found):
        rows.append(
            {
                "file": mine,
                "device": state.device,
                "name": state.name,
                "written": written,
                "events": own,
                "this_device": True,
                "state": "ok",
                "problem": None,
                "copy_of": None,
                "brought_back": 0,
            }
        )
    return rows


def status(folder: Path | None, show: str) -> dict[str, Any]:
    """``aod sync --status``: this device, the folder, the devices in it (reads only)."""
    from ..safetext import escape_unsafe

    state = load_state()
    if folder is None and (state is None or state.folder is None):
        raise UsageError(_("this device has not synced yet: aod sync DIR syncs through a folder"))
    chosen = check_folder(folder if folder is not None else Path(state.folder))  # type: ignore[union-attr,arg-type]
    found = list(scan(chosen, show, state.files if state and state.folder == str(chosen) else None))
    unread = sum(1 for f in found if f.problem is not None and f.problem.kind == "later")
    here = state or State("", "")
    return {
        "folder": escape_unsafe(str(chosen)),
        "device": {"id": state.device, "name": state.name} if state else None,
        "last_sync": state.synced_at if state else None,
        "last_folder": escape_unsafe(state.folder) if state and state.folder else None,
        "devices": devices(found, here, None),
        "unread_files": unread,
    }
