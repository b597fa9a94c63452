"""The small screens over ``aod browse``: a question (score, note), the profile picker, help."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..errors import AodError
from ..i18n import N_, _
from .words import translate_bindings

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 64; max-width: 100%; height: auto; max-height: 100%;
    border: thick $primary; background: $surface; padding: 0 1;
}}
{name} .title {{ text-style: bold; }}
{name} .error {{ color: $error; display: none; }}
{name} .error.shown {{ display: block; }}
{name} .hint {{ color: $text-muted; }}
"""


class Ask(ModalScreen[str | None]):
    """One line of input; Enter applies it (an error keeps the question open), Escape cancels.

    ``apply`` makes the change and returns its confirmation, which the dialog
    returns; an ``AodError`` (a bad score, a refused write) is shown in place."""

    DEFAULT_CSS = DIALOG_CSS.format(name="Ask")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, hint: str, apply: Callable[[str], str], *, max_length: int = 0) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.hint = hint
        self.apply = apply
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            yield Input(max_length=self.max_length)
            yield Static("", classes="error", markup=False)
            yield Static(self.hint, classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.dismiss(None)
            return
        try:
            message = self.apply(event.value)
        except AodError as err:
            error = self.query_one(".error", Static)
            error.update(_("Error: {message}").format(message=err))
            error.add_class("shown")
            return
        self.dismiss(message)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choose(ModalScreen[str | None]):
    """A question with three answers: ``yes``, ``no`` or (Esc) ``None``, cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="Choose") + (
        "Choose Horizontal { height: auto; margin-top: 1; }\nChoose Button { margin-right: 2; min-width: 10; }"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('yes')", N_("Yes")),
        Binding("n", "answer('no')", N_("No")),
        Binding("escape,c", "answer('')", N_("Cancel")),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, title: str, hint: str, yes: str, no: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.hint = hint
        self.labels = (yes, no)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            yield Static(self.hint, classes="hint", markup=False)
            with Horizontal():
                yield Button(self.labels[0], id="yes", variant="primary", compact=True)
                yield Button(self.labels[1], id="no", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id if event.button.id in ("yes", "no") else "")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer or None)


class PickProfile(ModalScreen[str | None]):
    """The store's profiles; Enter shows the chosen one."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PickProfile") + "PickProfile OptionList { height: auto; max-height: 12; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,p,q", "cancel", N_("Cancel")),
        Binding("j", "down", show=False),
        Binding("k", "up", show=False),
    ]

    def __init__(self, profiles: list[str], current: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.profiles = profiles
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Show which profile?"), classes="title", markup=False)
            options = [Option(("● " if n == self.current else "  ") + n, id=n) for n in self.profiles]
            yield OptionList(*options)
            yield Static(
                _(
                    "Enter shows it here; 'aod profile use NAME' makes it the default."
                    " 'aod profile add NAME' creates one."
                ),
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.profiles.index(self.current) if self.current in self.profiles else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


#: The help screen's keys, each with what it does (message ids; a line break in one
#: continues it under the one before).
HELP_KEYS = (
    ("↑ ↓  j k", N_("move in the list; the page beside it follows (or click)")),
    ("PgUp PgDn", N_("scroll the page")),
    ("Tab  ⇧Tab", N_("next / previous pane: Episodes, Characters, Cast, Search")),
    ("w", N_("watched / not watched: the highlighted episode")),
    ("W", N_("watched, with every episode before it")),
    ("s", N_("skip it (next-up moves past it)")),
    ("r", N_("rate it 1-10 (0 clears your score)")),
    ("n", N_("add a note to it")),
    ("u", N_("undo your last change, all of it")),
    ("/", N_("search names and episodes as you type;\nEsc goes to the results, Enter opens one in its pane")),
    ("p", N_("show another profile")),
    ("?", N_("this help")),
    ("q", N_("quit")),
)
#: The paragraphs under the keys (their line breaks are the translation's own).
HELP_NOTES = (
    N_(
        "Spoilers: nothing past the furthest episode you have watched shows\n"
        "here, as in every aod command; marking an episode shows its secrets\n"
        "at once. 'aod browse --spoilers' shows everything."
    ),
    N_(
        "Every change is saved at once, as the aod commands save it. Changes\n"
        "made by another aod while this screen is open show within a second."
    ),
)
#: Where the descriptions of the keys start.
KEY_COLUMN = 14


def help_text() -> str:
    """The help screen in the interface language: the keys, then the notes."""
    from rich.cells import cell_len

    lines = [_("Keys")]
    for keys, what in HELP_KEYS:
        first, *more = _(what).split("\n")
        lines.append("  " + keys + " " * (KEY_COLUMN - 2 - cell_len(keys)) + first)
        lines += [" " * KEY_COLUMN + line for line in more]
    return "\n".join([*lines, *("\n" + _(note) for note in HELP_NOTES)])


class Help(ModalScreen[None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="Help").replace("> Vertical", "> VerticalScroll").replace("64", "76")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,enter", "close", N_("Close"))]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(help_text(), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)
