"""Profiles: several people on one store — names, ids, removal and the profile log.

Names are matched by their NFKC case-fold everywhere (store, sync, import,
``--profile``). Each profile has an id; a removal records what this device had
seen of the profile (its id and the batches of its events) so ``aod sync``
removes exactly that on every device, and keeps the profile in the store's
``removed_profiles`` for ``aod undo``. These helpers run inside a ``commit``
mutate: they raise :class:`~aodcli.errors.UsageError` for a bad name the user
typed and :class:`~aodcli.errors.AodError` for a state that forbids the change.
"""

from __future__ import annotations

from typing import Any

from .errors import AodError, UsageError
from .i18n import _
from .store.clock import now_str
from .store.document import PROFILE_LOG_KEY, PROFILE_RE, REMOVED_KEY

__all__ = [
    "DEFAULT_PROFILE",
    "active_profile",
    "add_profile",
    "ensure_profile",
    "fold",
    "get_profile",
    "log_undo",
    "profile_id",
    "profile_log",
    "profile_names",
    "remove_profile",
    "resolve_profile",
    "settle_profiles",
    "use_profile",
    "validate_profile_name",
]

DEFAULT_PROFILE = "default"


def validate_profile_name(name: str) -> str:
    """``name`` in NFC if it is a valid profile name (letters of any script, 민아 too,
    digits, '-' and '_', up to 32, starting with a letter or digit), else UsageError."""
    import unicodedata

    if isinstance(name, str) and len(name) <= 64:
        name = unicodedata.normalize("NFC", name)
    if not isinstance(name, str) or not PROFILE_RE.fullmatch(name):
        shown = name[:40] if isinstance(name, str) else name
        raise UsageError(
            _(
                "invalid profile name {name!r}: use up to 32 letters (any script), digits, '-' or '_', "
                "starting with a letter or digit"
            ).format(name=shown)
        )
    return name


def fold(name: str) -> str:
    """The form profile names are matched by: ``Mina``, ``mina`` and ``ＭＩＮＡ`` are one profile."""
    import unicodedata

    return unicodedata.normalize("NFKC", name).casefold()


def profile_names(doc: dict[str, Any]) -> list[str]:
    return sorted(doc["profiles"])


def active_profile(doc: dict[str, Any]) -> str:
    name: str = doc["active_profile"]
    return name


def resolve_profile(doc: dict[str, Any], name: str) -> str | None:
    """The stored name of the profile ``name`` names (exactly, else by :func:`fold`), or None."""
    profiles: dict[str, Any] = doc["profiles"]
    if name in profiles:
        return name
    want = fold(name)
    same = sorted(p for p in profiles if fold(p) == want)
    return same[0] if same else None


def get_profile(doc: dict[str, Any], name: str) -> dict[str, Any]:
    name = validate_profile_name(name)
    found = resolve_profile(doc, name)
    if found is None:
        known = ", ".join(sorted(doc["profiles"]))
        raise UsageError(
            _("unknown profile {name!r} (profiles: {known}); create it with 'aod profile add {name}'").format(
                name=name, known=known
            )
        )
    profile: dict[str, Any] = doc["profiles"][found]
    return profile


def profile_id(name: str, profile: dict[str, Any]) -> str:
    """A profile's id; one made before profiles had ids gets one derived from its name and creation."""
    ident = profile.get("id")
    if type(ident) is str:
        return ident
    from aodcli.events import legacy_batch

    return legacy_batch(f"profile {name} {profile['created_at']}")


def ensure_profile(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """The profile ``name`` (matched by :func:`fold`), created empty if it does not exist."""
    from aodcli.events import new_id

    name = validate_profile_name(name)
    found = resolve_profile(doc, name)
    if found is None:
        doc["profiles"][name] = {"id": new_id(), "created_at": now_str(), "shows": {}}
        found = name
    profile: dict[str, Any] = doc["profiles"][found]
    return profile


def add_profile(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """Create a new empty profile; AodError if it exists (names ignore case)."""
    name = validate_profile_name(name)
    same = resolve_profile(doc, name)
    if same is not None:
        if same == name:
            raise AodError(_("profile {name!r} already exists").format(name=same))
        raise AodError(_("profile {name!r} already exists (names ignore case)").format(name=same))
    return ensure_profile(doc, name)


def use_profile(doc: dict[str, Any], name: str) -> str:
    """Make ``name`` the active profile (it must exist); return its stored name."""
    get_profile(doc, name)
    found = resolve_profile(doc, validate_profile_name(name))
    assert found is not None
    doc["active_profile"] = found
    return found


def remove_profile(doc: dict[str, Any], name: str, batch: str) -> dict[str, Any]:
    """Remove a profile and return it. The active profile cannot be removed.

    The removal is logged with what this device had seen of the profile (its id and
    the batches of its events), so ``aod sync`` removes exactly that on every device;
    the profile itself is kept in ``removed_profiles`` for ``aod undo``.
    """
    from aodcli.events import batch_of, new_id

    get_profile(doc, name)
    name = resolve_profile(doc, validate_profile_name(name)) or name
    if name == doc["active_profile"]:
        raise _is_active(name)
    removed: dict[str, Any] = doc["profiles"].pop(name)
    seen = {profile_id(name, removed), *removed.get("ids", [])}  # and the same-named ones merged into it
    seen.update(batch_of(ev) for show in removed["shows"].values() for ev in show["events"])
    entry = {"id": new_id(), "type": "remove", "profile": name, "batch": batch, "seen": sorted(seen)}
    _log(doc, entry)
    doc.setdefault(REMOVED_KEY, {})[entry["id"]] = {"name": name, "profile": removed}
    return removed


def _is_active(name: str) -> AodError:
    return AodError(
        _("profile {name!r} is the active profile; switch first with 'aod profile use NAME'").format(name=name)
    )


def settle_profiles(doc: dict[str, Any]) -> list[str]:
    """Put each profile where the profile log says it is: a removal that an undo took back
    brings its profile back from ``removed_profiles``; one that a redo made live again puts
    it there again. Returns the names brought back. AodError when another profile of that
    name exists meanwhile, or the profile to remove is the active one."""
    from aodcli.events import dead_entries

    log = profile_log(doc)
    dead = dead_entries(log)
    kept: dict[str, Any] = doc.setdefault(REMOVED_KEY, {})
    back: list[str] = []
    for entry in log:
        if entry["type"] != "remove" or "seen" not in entry:
            continue
        here = resolve_profile(doc, entry["profile"])
        if entry["id"] in dead and entry["id"] in kept:
            if here is not None:
                raise AodError(_("a profile named {name!r} exists now; remove or rename it first").format(name=here))
            name = kept[entry["id"]]["name"]
            doc["profiles"][name] = kept.pop(entry["id"])["profile"]
            back.append(name)
        elif entry["id"] not in dead and entry["id"] not in kept and here is not None:
            if profile_id(here, doc["profiles"][here]) not in entry["seen"]:
                continue  # a profile made after the removal, under the same name
            if here == doc["active_profile"]:
                raise _is_active(here)
            kept[entry["id"]] = {"name": here, "profile": doc["profiles"].pop(here)}
    if not kept:
        doc.pop(REMOVED_KEY, None)
    return back


def profile_log(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's ``profile_log`` (removals of profiles and their undos; [] if none)."""
    log: list[dict[str, Any]] = doc.get(PROFILE_LOG_KEY) or []
    return log


def _log(doc: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    entry = {**entry, "recorded": now_str()}
    doc[PROFILE_LOG_KEY] = [*profile_log(doc), entry]
    return entry


def log_undo(doc: dict[str, Any], target: str, batch: str) -> dict[str, Any]:
    """Take back the profile-log entry ``target`` (a removal, or an undo: a redo) in ``batch``."""
    from aodcli.events import new_id

    return _log(doc, {"id": new_id(), "type": "undo", "target": target, "batch": batch})
