"""Every command, once: where it lives, whether it writes, how it is run, what its JSON holds.

The Typer app registers the commands from :data:`COMMANDS`, in this order (the
order of ``aod --help``); the tests derive their plans from it (the spoiler
canaries, the JSON contract, the hostile-input slots, the global options after
every command, the read-only store), and a test holds the README's commands
table to it. A new command is its function in its module, one entry here, and
its test file.

- ``module``: the module of :mod:`aodcli.cli` that defines it; its function is
  named after the command (``list`` → ``list_``, ``import`` → ``import_``);
  a command of a group (``profile add``) is on the module's ``<group>_app``.
- ``writes``: it may change the store (it takes the lock; a read-only store refuses it).
- ``runs``: command lines that succeed on a store where episodes 1-2 are watched
  and a second profile exists; ``{other}`` is that profile's name, ``{export}``
  a file ``aod export`` wrote, ``{folder}`` an empty folder. The first is the
  one the JSON contract checks. (``store restore`` refuses a sound store.)
- ``json``: the top-level keys of ``--json`` for the first run (None: the
  command prints no JSON; docs/json.md lists the same).
- ``plus``: ``"episode"`` when the JSON also holds an episode's own keys, which
  the data pack declares (``pack.model.EPISODE_JSON_KEYS``): a new episode
  field needs no entry here (the registry stays free of the pack's import cost).
- ``setup``: command lines to run before ``runs`` (``redo`` needs an ``undo``).
- ``kind``: ``"command"``; ``"page"`` for a look-up whose answer depends on the
  name asked (``person``, ``character``, ``search``); ``"screen"`` for the
  full-screen ``browse``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    path: str
    module: str
    writes: bool
    runs: tuple[tuple[str, ...], ...]
    json: frozenset[str] | None
    kind: str = "command"
    setup: tuple[tuple[str, ...], ...] = ()  # run first, for a run to succeed (redo needs an undo)
    plus: str | None = None  # "episode": the JSON holds the episode's declared keys too (pack.model)

    @property
    def function(self) -> str:
        """The name of the function that implements it, in :attr:`module`."""
        name = self.path.split()[-1].replace("-", "_")
        return f"{name}_" if name in _TAKEN else name

    @property
    def group(self) -> str | None:
        return self.path.split()[0] if " " in self.path else None


_TAKEN = {"list", "import", "next"}  # Python keywords and builtins a function must not shadow


def keys(*names: str) -> frozenset[str]:
    return frozenset(names)


CHANGE = keys("profile", "changed", "unchanged", "events", "with", "watched", "total", "next")
UNDO = keys("profile", "summary", "undone", "with", "restored_profile", "watched", "next")
#: What ``aod episode --json`` adds to the episode's own keys, which the data pack's
#: declaration gives (``pack.model.EPISODE_JSON_KEYS``; see ``Command.plus``).
EPISODE = keys("watched", "times_watched", "skipped", "score", "events", "notes", "history")
#: A profile's progress in figures: what ``aod progress`` and ``aod card`` both hold.
FIGURES = keys("show", "profile", "watched", "total", "percent", "minutes_watched", "minutes_left")
ABOUT = keys("id", "title", "show", "directors", "writers", "creators", "webtoon", "seasons")

COMMANDS: tuple[Command, ...] = (
    Command(
        "episodes",
        "guide",
        False,
        (("episodes",), ("episodes", "--season", "1"), ("episodes", "--unwatched")),
        keys("show", "season", "filter", "episodes"),
    ),
    Command("episode", "guide", False, (("episode", "2"), ("episode", "next")), EPISODE, plus="episode"),
    Command("about", "guide", False, (("about",), ("about", "--sources")), ABOUT),
    Command(
        "season",
        "guide",
        False,
        (("season", "2"), ("season",), ("season", "1")),
        keys(
            "show",
            "profile",
            "season",
            "status",
            "release_date",
            "days_to_release",
            "episode_count",
            "episodes",
            "watched",
            "summary",
            "checked",
            "timeline",
            "sources",
        ),
    ),
    Command("cast", "guide", False, (("cast",),), keys("show", "cast", "actor_unknown", "later_seasons")),
    Command("characters", "guide", False, (("characters",),), keys("show", "spoilers", "characters")),
    Command(
        "fates",
        "guide",
        False,
        (("fates",), ("fates", "--character", "On-jo")),
        keys("show", "spoilers", "character", "fates", "later"),
    ),
    Command(
        "recap",
        "guide",
        False,
        (("recap",), ("recap", "--season", "1"), ("recap", "--through", "1")),
        keys("show", "spoilers", "season", "through", "recap", "standing", "later"),
    ),
    Command(
        "watch",
        "tracking",
        True,
        (("watch", "next"), ("watch", "next", "--with", "{other}"), ("watch", "next", "--with", "{other}", "--jump")),
        CHANGE,
    ),
    Command("unwatch", "tracking", True, (("unwatch", "1"),), CHANGE),
    Command("skip", "tracking", True, (("skip", "next"),), CHANGE),
    Command("undo", "tracking", True, (("undo",), ("undo", "--list")), UNDO),
    Command("redo", "tracking", True, (("redo",),), UNDO - {"undone"} | {"redone"}, setup=(("undo",),)),
    Command(
        "progress",
        "tracking",
        False,
        (("progress",),),
        FIGURES | keys("minutes_rewatched", "skipped", "seasons", "next"),
    ),
    Command("history", "tracking", False, (("history",),), keys("show", "profile", "events")),
    Command("rate", "tracking", True, (("rate", "1", "7"),), keys("profile", "episode", "score", "events")),
    Command("note", "tracking", True, (("note", "1", "a note"),), keys("profile", "episode", "events")),
    Command("notes", "tracking", False, (("notes",),), keys("show", "profile", "notes")),
    Command(
        "next",
        "tracking",
        False,
        (("next",), ("next", "--with", "{other}")),
        keys("profile", "group", "next", "days_since_last_watch", "recap", "rule", "coming"),
    ),
    Command(
        "stats",
        "stats",
        False,
        (("stats",),),
        keys(
            "show",
            "profile",
            "episodes_watched",
            "total",
            "minutes_watched",
            "minutes_with_rewatches",
            "viewings",
            "minutes_left",
            "days",
            "longest_streak_days",
            "scores",
            "average_score",
            "viewings_time_unknown",
        ),
    ),
    Command(
        "card",
        "stats",
        False,
        (("card",), ("card", "-o", "-")),
        FIGURES | keys("longest_streak_days", "favourite"),
    ),
    Command(
        "prompt",
        "prompt",
        False,
        (("prompt",), ("prompt", "-f", "{show} {next} {watched}/{total}")),
        keys("show", "profile", "watched", "total", "percent", "next"),
    ),
    Command(
        "search",
        "search",
        False,
        (("search", "lee"),),
        keys("query", "total_results", "results", "episodes", "terms", "unsearched", "suggestion"),
        kind="page",
    ),
    Command(
        "person",
        "search",
        False,
        (("person", "Lomon"),),
        keys("id", "name", "hangul", "aliases", "jobs", "credits", "later_seasons", "notes", "sources"),
        kind="page",
    ),
    Command(
        "character",
        "search",
        False,
        (("character", "On-jo"),),
        keys(
            "id",
            "name",
            "hangul",
            "aliases",
            "group",
            "billing",
            "seasons",
            "later_seasons",
            "description",
            "played_by",
            "first_appears",
            "events",
            "later_events",
            "notes",
            "sources",
        ),
        kind="page",
    ),
    Command(
        "export",
        "transfer",
        False,
        (("export",), ("export", "--format", "csv")),
        keys("format", "version", "show", "profile", "exported_at", "events"),
    ),
    Command(
        "import",
        "transfer",
        True,
        (("import", "{export}"), ("import", "{export}", "--dry-run")),
        keys("dry_run", "profile", "added", "already_present", "events", "format"),
    ),
    Command(
        "sync",
        "sync",
        True,
        (("sync", "{folder}"), ("sync", "{folder}", "--dry-run"), ("sync", "{folder}", "--status")),
        keys("active_profile_now", "device", "devices", "dry_run", "folder", "in", "out", "unread_files"),
    ),
    Command("browse", "browse", False, (("browse",),), None, kind="screen"),
    Command("profile list", "profiles", False, (("profile", "list"),), keys("active", "profiles")),
    Command("profile add", "profiles", True, (("profile", "add", "guest"),), keys("created")),
    Command("profile use", "profiles", True, (("profile", "use", "{other}"),), keys("active")),
    Command("profile remove", "profiles", True, (("profile", "remove", "{other}", "--yes"),), keys("removed")),
    Command(
        "store check",
        "store_cmds",
        False,
        (("store", "check"),),
        keys(
            "backups",
            "events",
            "generator",
            "message",
            "ok",
            "orphan_temps",
            "path",
            "problem",
            "profiles",
            "revision",
            "state",
            "updated_at",
            "warnings",
        ),
    ),
    Command("store restore", "store_cmds", True, (("store", "restore"),), None),
)

#: The groups of commands, each a Typer app named ``<group>_app`` in the module of its commands.
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(c.group for c in COMMANDS if c.group))


#: The first word of every command line (a command, or a group's name).
FIRST_WORDS = frozenset(command.path.split()[0] for command in COMMANDS)


def register(app: object, first: str | None = None) -> None:
    """Add the commands of :data:`COMMANDS` to the Typer ``app``, in order: every one, or only
    those whose first word is ``first``."""
    from importlib import import_module

    added: set[str] = set()
    for command in COMMANDS:
        if first is not None and command.path.split()[0] != first:
            continue
        module = import_module(f"{__package__}.{command.module}")
        function = getattr(module, command.function)
        if command.group is None:
            app.command(command.path)(function)  # type: ignore[attr-defined]
            continue
        group = getattr(module, f"{command.group}_app")
        if not any(info.callback is function for info in group.registered_commands):
            group.command(command.path.split()[-1])(function)  # (a group's app lives on in its module)
        if command.group not in added:
            added.add(command.group)
            app.add_typer(group, name=command.group)  # type: ignore[attr-defined]
