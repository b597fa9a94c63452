"""What ``aod browse`` shows and changes, over the same core the commands use.

A ``Guide`` holds the pack and one profile's progress as read from the store.
Every change is a ``tracker`` plan run through ``store.commit`` (the lock, the
revision check, the atomic write), exactly as ``aod watch`` runs it; the
progress is then read back from the store. The store file's signature tells
when another ``aod`` changed it, so the screen can read it again. Nothing here
imports Textual or prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import tracker
from ..errors import AodError, UsageError
from ..i18n import _
from ..output.doc import Result
from ..output.render import plain
from ..pack.pack import Pack
from ..profiles import DEFAULT_PROFILE, active_profile, profile_names
from ..progress import Progress
from ..reports import episodes as episode_reports
from ..reports import people as people_reports
from ..reports.tracking import change_result, progress_report, undo_report
from ..spoilers import Horizon
from ..store import Store, commit, open_for_read

T = TypeVar("T")
#: Names listed per search: all of them, in practice (the list scrolls), where the command shows 10.
SEARCH_LIMIT = 1000
Signature = tuple[int, int, int] | None


def _signature(path: Path) -> Signature:
    """What tells one version of the store file from the next: inode, size and mtime."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class Guide:
    """The pack, the store and the profile on screen; the changes the screen makes."""

    def __init__(self, pack: Pack, profile: str | None = None, *, lifted: bool = False) -> None:
        self.pack = pack
        self.lifted = lifted  # --spoilers
        self.requested = profile  # --profile / AOD_PROFILE / a profile picked with p
        self.store_path = Store().path
        self.profile = DEFAULT_PROFILE
        self.profiles: list[str] = [DEFAULT_PROFILE]
        self.progress = Progress.empty(pack)
        self.warning: str | None = None  # the store's read warning (damaged, newer…)
        self.notice: str | None = None  # something the screen should say once
        self.warnings: list[str] = []  # from the last commit (a backup not made…)
        self._signature: Signature = None
        #: Told (with a sentence) when a save has waited a second for another aod's lock.
        self.waiting: Callable[[str], None] | None = None
        self.reload()

    # ---- reading ------------------------------------------------------------

    def reload(self) -> None:
        """Read the store again (the profile, its progress, the profile list)."""
        signature = _signature(self.store_path)  # before reading: a write after it shows as a change
        read = open_for_read()
        self.warning = read.warning
        if read.doc is None:  # unreadable store: the pack alone, every spoiler hidden
            self.profile = self.requested or DEFAULT_PROFILE
            self.profiles = [self.profile]
            self.progress = Progress.empty(self.pack)
        else:
            names = profile_names(read.doc)
            name = self.requested or active_profile(read.doc)
            if name != DEFAULT_PROFILE and name not in names:  # removed by another aod meanwhile
                shown = active_profile(read.doc)
                self.notice = _("profile {name} is gone (removed by another aod); showing {shown}").format(
                    name=name, shown=shown
                )
                self.requested = None
                name = active_profile(read.doc)
            self.profile = name
            self.profiles = sorted({*names, name})
            self.progress = Progress.from_events(self.pack, read.events(name, self.pack.show_id))
        self._signature = signature

    def changed_on_disk(self) -> bool:
        """Has the store file changed since it was last read (another ``aod`` wrote it)?"""
        return _signature(self.store_path) != self._signature

    def use(self, profile: str) -> None:
        """Show another profile (the store's active profile stays as it is)."""
        self.requested = profile
        self.reload()

    @property
    def horizon(self) -> Horizon:
        return self.progress.horizon(lifted=self.lifted)

    # ---- what the panes show: the commands' own reports ----------------------

    def episodes(self) -> Result:
        return episode_reports.episodes(self.pack, self.horizon, self.progress)

    def episode(self, episode_id: str) -> Result:
        return episode_reports.episode(self.pack, self.horizon, self.progress, episode_id)

    def characters(self) -> Result:
        return people_reports.characters(self.pack, self.horizon)

    def character(self, character_id: str) -> Result:
        return people_reports.character(self.pack, self.horizon, self.pack.characters[character_id])

    def cast(self) -> Result:
        return people_reports.cast(self.pack, self.horizon)

    def person(self, person_id: str) -> Result:
        return people_reports.person(self.pack, self.horizon, self.pack.people[person_id])

    def overview(self) -> Result:
        return progress_report(self.pack, self.progress, self.profile)

    def search(self, query: str) -> tuple[Result | None, str | None]:
        """``aod search QUERY``: its report, or (None, the sentence it fails with)."""
        from ..finder import name_index, search_episodes
        from ..reports.search import nothing_found, search_report

        if not query.strip():
            return None, None
        horizon = self.horizon
        index = name_index(self.pack)
        hits = index.search(query)
        episodes = search_episodes(self.pack, query, horizon)
        if not hits and not episodes.shown:
            suggestion = index.suggest(query)
            name = suggestion.record.name if suggestion else None
            return None, nothing_found(self.pack, horizon, query, name, True)
        return search_report(self.pack, horizon, query, hits, episodes, limit=SEARCH_LIMIT), None

    # ---- changes: tracker plans through the store's commit ------------------

    def _commit(self, mutate: Callable[[dict[str, Any]], T]) -> T:
        self.warnings = []
        try:
            value = commit(mutate, warnings=self.warnings, waiting=self.waiting)[1]
        finally:
            self.reload()  # what the store holds now, whatever happened
        return value

    def store_busy(self) -> bool:
        """Is another ``aod`` holding the store's lock right now (a save would wait for it)?"""
        from ..fileio import ops as io

        lock_path = Store().lock_path
        if not lock_path.exists():
            return False
        try:
            with io.ops.lock(str(lock_path), 0):
                return False
        except TimeoutError:
            return True
        except OSError:
            return False  # the save itself says what is wrong

    def _code(self, episode_id: str) -> str:
        ep = self.pack.episode(episode_id)
        assert ep is not None
        return ep.code

    def toggle_watched(self, episode_id: str) -> str:
        """``aod watch`` the episode, or ``aod unwatch`` it when it is watched; the confirmation."""
        if self.progress.watched(episode_id):
            change = self._commit(tracker.unwatch(self.pack, self.profile, [episode_id]))
            verb, reason = "unwatched", "not watched"
        else:
            plan = tracker.watch(self.pack, self.profile, [episode_id], when=tracker.When("now"), rewatch=False)
            change = self._commit(plan)[0]
            verb, reason = "watched", "already watched"
        return self._confirm(change, verb, reason)

    def watch_through(self, episode_id: str) -> str:
        """``aod watch --till``: every episode up to this one (none twice)."""
        ep = self.pack.episode(episode_id)
        assert ep is not None
        ids = [e.id for e in self.pack.episodes[: ep.position + 1]]
        plan = tracker.watch(self.pack, self.profile, ids, when=tracker.When("now"), rewatch=False)
        change = self._commit(plan)[0]
        change.unchanged = []  # the episodes already watched go without saying here
        return self._confirm(change, "watched", "already watched")

    def earlier_unmarked(self, episode_id: str) -> list[str]:
        """The episodes before this one neither watched nor skipped (what ``w`` asks about)."""
        ep = self.pack.episode(episode_id)
        assert ep is not None
        return [
            e.id
            for e in self.pack.episodes[: ep.position]
            if not self.progress.watched(e.id) and e.id not in self.progress.skipped
        ]

    def watch_with_earlier(self, episode_id: str) -> str:
        """``w`` answered yes: this episode and every earlier one not yet watched, as
        ``aod watch --till`` marks them, leaving the skipped ones skipped."""
        ids = [*self.earlier_unmarked(episode_id), episode_id]
        plan = tracker.watch(self.pack, self.profile, ids, when=tracker.When("now"), rewatch=False)
        change = self._commit(plan)[0]
        change.unchanged = []
        return self._confirm(change, "watched", "already watched")

    def skip(self, episode_id: str) -> str:
        change = self._commit(tracker.skip(self.pack, self.profile, [episode_id]))
        return self._confirm(change, "skipped", "already watched or skipped")

    def _confirm(self, change: tracker.Change, verb: str, reason: str) -> str:
        return plain(change_result(self.pack, change, verb, reason).doc).strip()

    def rate(self, episode_id: str, answer: str) -> str:
        """``aod rate``: a score 1-10, or ``0`` / ``clear`` to take the score off."""
        code = self._code(episode_id)
        if answer.strip().lower() in ("0", "clear", "-"):
            self._commit(tracker.clear("unrate", self.pack, self.profile, episode_id))
            return _("Cleared your score for {code}").format(code=code)
        score = tracker.parse_score(answer)
        self._commit(tracker.rate(self.pack, self.profile, episode_id, score))
        if self.progress.watched(episode_id):
            return _("Rated {code} {score}/10").format(code=code, score=score)
        return _("Rated {code} {score}/10 (you have not marked {code} watched; w does)").format(code=code, score=score)

    def note(self, episode_id: str, text: str) -> str:
        """``aod note``: add a note to the episode."""
        if not text.strip():
            raise UsageError(_("the note is empty: type the note, then Enter"))
        self._commit(tracker.note(self.pack, self.profile, episode_id, text))
        return _("Noted on {code}").format(code=self._code(episode_id))

    def undo(self) -> str:
        """``aod undo``: the profile's last change, all of it."""
        from .. import undo as undoing

        change = self._commit(undoing.undo(self.pack, self.profile))
        return plain(undo_report(self.pack, change).doc).strip()


__all__ = ["AodError", "Guide"]
