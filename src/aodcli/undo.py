"""``aod undo`` and ``aod redo``: by batch, from this device's journal.

Every command that writes records one batch id on everything it writes, in every
profile it touches, and notes the batch in this device's journal (the store's
``journal``, never synced). ``undo`` takes back this device's newest change that
is not taken back yet: one ``undo`` event naming the batch (``undoes``) in each
events list that holds it, a profile-log undo for a removed profile (which comes
back, with its progress), or the profile that was active before ``profile use``.
``redo`` takes back the newest undo that is still in force (an undo of an undo).
Nothing depends on the clock or on the previous version of the file; an undo
costs one event per list it touches, however large the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import AodError
from .i18n import N_, _, language, ngettext, set_language
from .pack.pack import Pack
from .progress import Progress
from .tracker import Batch, Change, StoreDoc, profile_for_write

#: Journal commands that are not changes of their own (``undo`` does not take them back).
_REVERSALS = ("undo", "redo")
#: What each kind of event did, as a summary says it (``watched S01E03``).
_DID = {
    "watch": N_("watched {codes}"),
    "rewatch": N_("rewatched {codes}"),
    "note edit": N_("replaced notes {codes}"),
    "unwatch": N_("unwatched {codes}"),
    "skip": N_("skipped {codes}"),
    "rate": N_("rated {codes}"),
    "note": N_("noted {codes}"),
    "undo": N_("undid {codes}"),
    "unrate": N_("cleared score {codes}"),
    "unnote": N_("deleted notes {codes}"),
}


class _Words:
    """The language summaries are said in, for the ``with`` block: the interface language
    for people; English (the message ids as they are) for ``--json``, whose values never
    change with the language."""

    def __init__(self, translated: bool) -> None:
        self.translated = translated
        self.was = ""

    def __enter__(self) -> None:
        self.was = language()
        if not self.translated:
            set_language("en")

    def __exit__(self, *exc: object) -> None:
        set_language(self.was)


def _live_entries(doc: StoreDoc) -> list[dict[str, Any]]:
    """This device's journal entries that are in force, newest first."""
    from .events import taken_back
    from .store import journal

    entries = journal(doc)
    undoers: dict[str, list[str]] = {}
    for entry in entries:
        if "undoes" in entry:
            undoers.setdefault(entry["undoes"], []).append(entry["batch"])
    dead = taken_back(undoers)
    return [e for e in reversed(entries) if e["batch"] not in dead]


def recent(doc: StoreDoc, pack: Pack, limit: int = 20, *, translated: bool = True) -> list[dict[str, Any]]:
    """``aod undo --list``: this device's newest journal entries, newest first, each with ``undone``
    and ``summary`` (what it did, in words, as ``aod undo`` would say it; in English unless
    ``translated``, as ``--json`` shows it)."""
    from .store import journal

    words = _Words(translated)
    live = {e["batch"] for e in _live_entries(doc)}
    out = []
    for entry in list(reversed(journal(doc)))[:limit]:
        with words:
            summary = _describe(doc, pack, entry)
        out.append({**entry, "undone": entry["batch"] not in live, "summary": summary})
    return out


def _describe(doc: StoreDoc, pack: Pack, entry: dict[str, Any]) -> str:
    original = _original(doc, entry)
    if original["command"].startswith("profile "):
        what = _profile_command(original)
    else:
        taken = {
            n: _shown(evs, original["batch"], pack)
            for n, s, evs in _holders(doc, original["batch"])
            if s == pack.show_id
        }
        what = _events_summary(original, taken, pack, doc["active_profile"]) if taken else original["command"]
    if original is entry:
        return what
    if entry["command"] == "redo":
        return _("redo of: {what}").format(what=what)
    return _("undo of: {what}").format(what=what)


def _profile_command(original: dict[str, Any]) -> str:
    """``profile add mina``: a profile command as it was typed (the command words are aod's own)."""
    return f"{original['command']} {original.get('profile', '')}".strip()


def _lists(doc: StoreDoc) -> list[tuple[str, str, list[dict[str, Any]]]]:
    return [
        (name, show_id, show["events"])
        for name, profile in doc["profiles"].items()
        for show_id, show in profile["shows"].items()
    ]


def _holders(doc: StoreDoc, batch: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The events lists (profile, show, list) holding events of ``batch``."""
    from .events import batch_of

    return [(n, s, evs) for n, s, evs in _lists(doc) if any(batch_of(ev) == batch for ev in evs)]


def _touches(doc: StoreDoc, entry: dict[str, Any], profile: str | None) -> bool:
    """Can ``entry`` be taken back now (and, with ``profile``, did it touch that profile)?"""
    from .profiles import fold, profile_log, resolve_profile

    original = _original(doc, entry)
    command = original["command"]
    if command.startswith("profile "):
        names = {fold(n) for n in (original.get("from"), original.get("profile")) if n}
        if profile is not None and fold(profile) not in names:
            return False
        if command == "profile use":
            want = original.get("from") if entry is original else original.get("profile")
            return want is not None and resolve_profile(doc, want) is not None
        if command == "profile add" and entry is original:
            return resolve_profile(doc, original.get("profile", "")) is not None
        return any(e.get("batch") == entry["batch"] for e in profile_log(doc))
    holders = _holders(doc, entry["batch"])
    return bool(holders) and (profile is None or any(n == profile for n, _show, _events in holders))


def undo(pack: Pack, profile: str | None, *, translated: bool = True) -> Callable[[StoreDoc], Change]:
    """Take back this device's newest change still in force (with ``profile``: the newest that touched it).
    ``Change.summary`` says what, in English unless ``translated`` (``--json`` shows it in English)."""
    return _reverse(pack, profile, "undo", _Words(translated))


def redo(pack: Pack, profile: str | None, *, translated: bool = True) -> Callable[[StoreDoc], Change]:
    """Put back what the newest undo still in force took back."""
    return _reverse(pack, profile, "redo", _Words(translated))


def _reverse(pack: Pack, profile: str | None, command: str, words: _Words) -> Callable[[StoreDoc], Change]:
    def mutate(doc: StoreDoc) -> Change:
        name = profile_for_write(doc, profile)
        only = name if profile else None
        wanted = (lambda e: e["command"] not in _REVERSALS) if command == "undo" else (lambda e: e["command"] == "undo")
        entry = next((e for e in _live_entries(doc) if wanted(e) and _touches(doc, e, only)), None)
        if entry is None:
            raise AodError(_("nothing to undo") if command == "undo" else _("nothing to redo"))
        batch = Batch(doc, command, undoes=entry["batch"])
        change = _take_back(doc, pack, entry, batch, command, name, words)
        batch.close(doc, True)
        change.profile = name
        change.progress = Progress.from_events(pack, _events(doc, name, pack))
        return change

    return mutate


def _events(doc: StoreDoc, name: str, pack: Pack) -> list[dict[str, Any]]:
    from .store import profile_events

    return profile_events(doc, name, pack.show_id)


def _take_back(
    doc: StoreDoc, pack: Pack, entry: dict[str, Any], batch: Batch, command: str, profile: str, words: _Words
) -> Change:
    """Write what takes ``entry``'s batch back, in ``batch``; the Change says what it was."""
    from .profiles import log_undo, profile_log, remove_profile, settle_profiles, use_profile

    target = entry["batch"]
    original = _original(doc, entry)  # the change itself (for a redo: the one its undo took back)
    change = Change()
    if original["command"] == "profile use":
        undoing = command == "undo"
        back = original.get("from") if undoing else original.get("profile")
        assert back is not None  # _touches checked it exists
        use_profile(doc, back)
        with words:
            said = _("switching to profile {name}") if undoing else _("switching back to profile {name}")
            change.summary = said.format(name=original.get("profile"))
        return change
    if original["command"] == "profile add" and command == "undo":
        remove_profile(doc, original["profile"], batch.id)
        with words:
            change.summary = _("adding profile {name}").format(name=original["profile"])
        return change
    logged = [e for e in profile_log(doc) if e.get("batch") == target]
    if logged:
        for e in logged:
            log_undo(doc, e["id"], batch.id)
        back = settle_profiles(doc)
        change.restored_profile = back[0] if back else None
        with words:
            change.summary = _profile_summary(original, back)
        return change
    taken: dict[str, list[dict[str, Any]]] = {}
    for name, show_id, events in _holders(doc, target):
        if show_id == pack.show_id:
            taken[name] = _shown(events, original["batch"], pack)
        events.append(batch.event("undo", undoes=target))
    change.together = taken
    change.events = taken.get(profile, [])  # this profile's; the others' are in ``together``
    with words:
        change.summary = _events_summary(original, taken, pack, profile)
    return change


def _original(doc: StoreDoc, entry: dict[str, Any]) -> dict[str, Any]:
    """The change an entry is about: itself, or (for an undo or redo) the change it took back or put back."""
    from .store import journal

    by_batch = {e["batch"]: e for e in journal(doc)}
    seen = {entry["batch"]}
    while entry["command"] in _REVERSALS and entry.get("undoes") in by_batch and entry["undoes"] not in seen:
        entry = by_batch[entry["undoes"]]
        seen.add(entry["batch"])
    return entry


def _shown(events: list[dict[str, Any]], batch: str, pack: Pack) -> list[dict[str, Any]]:
    """The events of ``batch`` in one list, as a person reads them (undos of it: what they took back)."""
    from .events import batch_of

    return [ev for ev in events if batch_of(ev) == batch and ev["type"] != "undo"]


def _profile_summary(original: dict[str, Any], back: list[str]) -> str:
    who = original.get("profile", "")
    if original["command"] == "profile remove":
        if back:
            return _("removing profile {name} (it is back, with its progress)").format(name=who)
        return _("removing profile {name}").format(name=who)
    if original["command"] == "profile add":
        if back:
            return _("adding profile {name} (it is back)").format(name=who)
        return _("adding profile {name}").format(name=who)
    return _profile_command(original)


def _events_summary(original: dict[str, Any], taken: dict[str, list[dict[str, Any]]], pack: Pack, profile: str) -> str:
    """``the import of 1,455 viewings``, ``watched S01E03 (also for mina)``, ``rated S01E02``."""
    from .episode_specs import codes_text

    events = [ev for evs in taken.values() for ev in evs]
    if original["command"] == "import":
        n = sum(1 for ev in events if ev["type"] == "watch")
        from .i18n.formats import number_text

        what = ngettext("the import of {count} viewing", "the import of {count} viewings", n).format(
            count=number_text(n)
        )
    else:
        kinds: dict[str, list[str]] = {}
        for ev in events:
            kind = "rewatch" if ev["type"] == "watch" and ev.get("rewatch") else ev["type"]
            if original["command"] == "note edit" and kind in ("note", "unnote"):
                kind = "note edit"  # its notes deleted and the new one noted: one replacement
            if ev.get("episode") and ev["episode"] not in kinds.setdefault(kind, []):
                kinds[kind].append(ev["episode"])
        parts = [
            _(_DID[k]).format(codes=codes_text(ids, pack)) if k in _DID else f"{k} {codes_text(ids, pack)}"
            for k, ids in kinds.items()
        ]
        what = ", ".join(parts) or original["command"]
    others = ", ".join(sorted(n for n in taken if n != profile))
    if others and profile in taken:
        what = _("{what} (also for {names})").format(what=what, names=others)
    elif others:
        what = _("{what} (for {names})").format(what=what, names=others)
    return what
