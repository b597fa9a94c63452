"""The ``aod browse`` application: the panes, the keys, and keeping up with the store."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.widgets import Footer, Input, TabbedContent, TabPane

from ..errors import AodError
from ..events import MAX_NOTE_CHARS
from ..i18n import N_, _, ngettext
from ..store import LOCK_TIMEOUT
from .dialogs import Ask, Choose, Help, PickProfile
from .panes import CastPane, CharactersPane, EpisodesPane, ListPane, SearchPane, StatusLine
from .state import Guide
from .words import translate_bindings

PANES = ("episodes", "characters", "cast", "search")
#: The tab of each pane (message ids: translated when the screen is made).
PANE_TITLES = {"episodes": N_("Episodes"), "characters": N_("Characters"), "cast": N_("Cast"), "search": N_("Search")}
#: How often (seconds) the store file is checked for changes made by another aod.
POLL_SECONDS = 1.0
#: The screens over the panes: only their own keys (and Tab, quit) work there.
DIALOGS = (Ask, Choose, Help, PickProfile)


class BrowseApp(App[None]):
    """The whole guide on one screen."""

    TITLE = "aod browse"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { layout: vertical; }
    TabbedContent { height: 1fr; }
    TabPane { padding: 0; }
    ContentSwitcher { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # descriptions: message ids, translated when the app is made (words.translate_bindings)
        Binding("tab", "pane(1)", N_("Pane"), key_display="Tab", priority=True, show=False),
        Binding("shift+tab", "pane(-1)", N_("Pane"), show=False, priority=True),
        Binding("w", "watch", N_("Watched")),
        Binding("W", "watch_through", N_("Watched up to here"), show=False),
        Binding("s", "skip", N_("Skip")),
        Binding("r", "rate", N_("Rate")),
        Binding("n", "note", N_("Note")),
        Binding("u", "undo", N_("Undo")),
        Binding("slash", "search", N_("Search"), key_display="/"),
        Binding("p", "profile", N_("Profile")),
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        Binding("q", "quit", N_("Quit")),
        Binding("ctrl+c", "quit", N_("Quit"), show=False, priority=True),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
    ]

    def __init__(self, guide: Guide) -> None:
        super().__init__()
        translate_bindings(self)
        self.guide = guide
        self.guide.waiting = self.said_waiting
        #: A change saving on a thread of its own while another aod holds the store's lock.
        self.saving = False
        #: The toasts asked for while the help screen is up, shown when it closes.
        self.held: list[dict[str, Any]] = []
        #: The toasts saying a save waits for another aod (they stay until it is done).
        self.waiting_said: set[str] = set()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's toast, showing its text as it is by default: a message can quote a pack's
        titles or a path, whose brackets Textual would otherwise read as markup (a click action
        among them). While the help screen is up, toasts wait for it to close (they would
        cover it)."""
        said = {"title": title, "severity": severity, "timeout": timeout, "markup": markup}
        if isinstance(self.screen, Help):
            self.held.append({"message": message, **said})
            return
        super().notify(message, **said)  # type: ignore[arg-type]

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with TabbedContent(initial="episodes"):
            with TabPane(_(PANE_TITLES["episodes"]), id="episodes"):
                yield EpisodesPane(self.guide)
            with TabPane(_(PANE_TITLES["characters"]), id="characters"):
                yield CharactersPane(self.guide)
            with TabPane(_(PANE_TITLES["cast"]), id="cast"):
                yield CastPane(self.guide)
            with TabPane(_(PANE_TITLES["search"]), id="search"):
                yield SearchPane(self.guide)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_all()
        self.focus_pane()
        if self.guide.warning:
            self.notify(self.guide.warning, title=_("Store"), severity="warning", timeout=15)
        self.set_interval(POLL_SECONDS, self.check_store)

    # ---- what is on screen ---------------------------------------------------

    @property
    def pane_id(self) -> str:
        return self.query_one(TabbedContent).active or "episodes"

    def refresh_all(self) -> None:
        """Show the guide as it is now: every pane, the status line (the horizon may have moved)."""
        self.query_one(StatusLine).show(self.guide)
        for pane in self.query(ListPane):
            pane.refill()
        self.query_one(SearchPane).refill()
        if self.guide.notice:
            self.notify(self.guide.notice, severity="warning")
            self.guide.notice = None

    def focus_pane(self) -> None:
        if self.pane_id == "search":
            self.query_one(SearchPane).query_one(Input).focus()
        else:
            self.query_one(f"#{self.pane_id}").query_one(ListPane).rows.focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self.focus_pane)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_bindings()  # the footer follows the focus (no "/ Search" inside the box)

    def check_store(self) -> None:
        """Another aod changed the store: read it again and show it."""
        if not self.saving and self.guide.changed_on_disk():
            self.guide.reload()
            self.refresh_all()

    def on_app_focus(self, event: events.AppFocus) -> None:
        self.check_store()

    # ---- keys ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Over a dialog, only its own keys (and Tab, quit) work: a 'w' there marks nothing."""
        if isinstance(self.screen, DIALOGS):
            return action in ("pane", "quit")
        return not (action == "search" and isinstance(self.focused, Input))  # in the search box, '/' is typed

    def action_pane(self, step: int) -> None:
        if isinstance(self.screen, DIALOGS):
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        tabs = self.query_one(TabbedContent)
        tabs.active = PANES[(PANES.index(self.pane_id) + step) % len(PANES)]
        self.focus_pane()

    def action_page(self, step: int) -> None:
        page = self.query_one(f"#{self.pane_id}").query_one(".page")
        if step > 0:
            page.scroll_page_down()
        else:
            page.scroll_page_up()

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "search"
        self.focus_pane()

    def episode_here(self) -> str | None:
        """The highlighted episode: in the episode list, or an episode found by search."""
        if self.pane_id == "episodes":
            return self.query_one(EpisodesPane).rows.current_key()
        if self.pane_id == "search":
            key = self.query_one(SearchPane).rows.current_key()
            if key and key.startswith("episode:"):
                return key.split(":", 1)[1]
        self.notify(_("Highlight an episode first (Tab to Episodes)."), severity="warning")
        return None

    def change(self, make: Any, *args: Any) -> None:
        """Make one change through the store and show it at once (or say why it failed).

        When another aod holds the store's lock, the change waits for it on a thread of its
        own, saying so, and the screen stays usable meanwhile (changes wait their turn)."""
        if self.still_saving():
            return
        if not self.guide.store_busy():
            self.changed(*self.attempt(make, *args))
            return
        self.saving = True
        self.said_waiting(_("Waiting for another aod to finish…"))

        def save() -> None:
            outcome = self.attempt(make, *args)
            self.call_from_thread(self.changed, *outcome)

        self.run_worker(save, thread=True, group="save")

    def still_saving(self) -> bool:
        """Is a change still waiting to be saved (then say so: the next one waits its turn)?"""
        if self.saving:
            self.notify(_("Still saving your last change: waiting for another aod to finish…"), severity="warning")
        return self.saving

    @staticmethod
    def attempt(make: Any, *args: Any) -> tuple[str, bool]:
        """Make the change: its confirmation, or the error's sentence (and True)."""
        try:
            return make(*args), False
        except AodError as err:
            return _("Error: {message}").format(message=err), True

    def changed(self, message: str, failed: bool) -> None:
        """Say how a change went and show the guide after it."""
        self.saving = False
        self.clear_waiting()
        if failed:
            self.notify(message, severity="error", timeout=8)
        else:
            self.notify(message, timeout=4)
        self.said_warnings()
        self.refresh_all()

    def said_waiting(self, message: str) -> None:
        """A save is waiting for another aod's lock: say so until it is done (any thread)."""
        if not self.is_running:
            return
        if self._thread_id != threading.get_ident():
            self.call_from_thread(self.said_waiting, message)
            return
        if not self.waiting_said:
            self.waiting_said.add(message)
            # (a save on this thread: the toast shows once it is done, for a moment)
            self.notify(message, severity="warning", timeout=LOCK_TIMEOUT if self.saving else 4)

    def clear_waiting(self) -> None:
        for note in list(self._notifications):
            if note.message in self.waiting_said:
                self._unnotify(note)
        self.held = [said for said in self.held if said["message"] not in self.waiting_said]
        self.waiting_said.clear()

    def said_warnings(self) -> None:
        for warning in self.guide.warnings:
            self.notify(_("Warning: {message}").format(message=warning), severity="warning", timeout=10)

    def action_watch(self) -> None:
        """Watched / not watched; marking one with unwatched episodes before it asks whether
        to mark them too (as ``W`` does), just this one, or nothing."""
        ep = self.episode_here()
        if ep is None or self.still_saving():
            return
        earlier = [] if self.guide.progress.watched(ep) else self.guide.earlier_unmarked(ep)
        if not earlier:
            self.change(self.guide.toggle_watched, ep)
            return
        code = self.guide._code(ep)
        n = len(earlier)
        title = ngettext(
            "Also mark the {count} earlier episode watched?", "Also mark the {count} earlier episodes watched?", n
        ).format(count=n)
        hint = ngettext(
            "y marks it and {code}; n marks {code} alone; Esc marks nothing.",
            "y marks them and {code}; n marks {code} alone; Esc marks nothing.",
            n,
        ).format(code=code)

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.change(self.guide.watch_with_earlier, ep)
            elif answer == "no":
                self.change(self.guide.toggle_watched, ep)

        self.push_screen(Choose(title, hint, _("Yes, all"), _("No, just {code}").format(code=code)), done)

    def action_watch_through(self) -> None:
        ep = self.episode_here()
        if ep is not None:
            self.change(self.guide.watch_through, ep)

    def action_skip(self) -> None:
        ep = self.episode_here()
        if ep is not None:
            self.change(self.guide.skip, ep)

    def action_undo(self) -> None:
        self.change(self.guide.undo)

    def action_rate(self) -> None:
        ep = self.episode_here()
        if ep is None or self.still_saving():
            return
        code = self.guide.pack.episode(ep).code  # type: ignore[union-attr]
        score = self.guide.progress.ratings.get(ep)
        if score is None:
            title = _("Your score for {code}").format(code=code)
        else:
            title = _("Your score for {code} (now {score}/10)").format(code=code, score=score)
        self.ask(title, _("1 to 10; 0 clears your score; Enter on empty or Esc cancels."), ep, 8)

    def action_note(self) -> None:
        ep = self.episode_here()
        if ep is None or self.still_saving():
            return
        code = self.guide.pack.episode(ep).code  # type: ignore[union-attr]
        hint = _("Up to {limit} characters; Enter saves, Esc cancels. 'aod notes' lists them.").format(
            limit=MAX_NOTE_CHARS
        )
        self.ask(_("A note on {code}").format(code=code), hint, ep)

    def ask(self, title: str, hint: str, episode_id: str, max_length: int = 0) -> None:
        def apply(answer: str) -> str:
            if max_length:  # a score
                return self.guide.rate(episode_id, answer)
            return self.guide.note(episode_id, answer)

        def done(message: str | None) -> None:
            if message:
                self.notify(message, timeout=4)
                self.said_warnings()
            self.refresh_all()

        self.push_screen(Ask(title, hint, apply, max_length=max_length), done)

    def action_profile(self) -> None:
        if self.still_saving():
            return

        def done(name: str | None) -> None:
            if name and name != self.guide.profile:
                self.guide.use(name)
                self.refresh_all()
                self.notify(_("Showing profile {name}").format(name=name), timeout=3)

        self.guide.reload()  # the profiles as they are now
        self.push_screen(PickProfile(self.guide.profiles, self.guide.profile), done)

    def action_help(self) -> None:
        """The help screen, with no toast over it: those on screen wait until it closes, with
        any said meanwhile."""
        for note in list(self._notifications):
            said = {"title": note.title, "severity": note.severity, "markup": note.markup}
            self.held.append({"message": note.message, "timeout": max(note.time_left, 2), **said})
            self._unnotify(note)

        def closed(_answer: None) -> None:
            held, self.held = self.held, []
            for said in held:
                self.notify(**said)

        self.push_screen(Help(), closed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.pane_id == "search":
            self.query_one(SearchPane).rows.focus()

    def on_data_table_row_selected(self, event: Any) -> None:
        """Enter on a search result: go to it in its own pane."""
        if self.pane_id != "search":
            return
        key = self.query_one(SearchPane).rows.current_key()
        if key is None:
            return
        kind, ident = key.split(":", 1)
        target: type[ListPane] = {"episode": EpisodesPane, "character": CharactersPane}.get(kind, CastPane)
        pane = self.query_one(target)
        found = pane.select(ident) if target is not CastPane else self._select_person(pane, ident)
        if not found:
            self.notify(_("Not in the cast list (crew): its page is shown here."), timeout=4)
            return
        self.query_one(TabbedContent).active = {EpisodesPane: "episodes", CharactersPane: "characters"}.get(
            target, "cast"
        )
        self.focus_pane()

    @staticmethod
    def _select_person(pane: ListPane, person_id: str) -> bool:
        for row in pane.rows.rows:
            if str(row.value).startswith(person_id + "/"):
                return pane.select(str(row.value))
        return False
