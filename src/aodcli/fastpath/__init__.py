"""The fast path: ``aod --version``, ``aod prompt`` and shell completion without the CLI framework.

These run on every shell prompt and every Tab, so they must cost about what the
interpreter's own start-up does. ``__main__`` asks :func:`answer` first, before
Typer, Click, Rich or pydantic are imported; it answers only when it can say
exactly what the full CLI would (same output, same exit code) from the sealed
copies of the pack and the store's status file (read by ``fileio/cachefile.py`` under
the keys of ``cachekeys.py``, as the full CLI reads them), and returns
None for anything else: a first run, a missing or stale copy or status, an option
it does not know, any error. The full CLI then runs as if the fast path were not
there.

It only reads (no cache is written: the full path fills the caches), opens
files without blocking (``fileio.regular.read_regular``: a FIFO never hangs it), and
takes what it prints from the modules the CLI uses too: ``promptline`` (the
status line), ``progress_rules`` (the next-up rule; the status file holds what the
store found with its progress rules), ``candidates`` (what Tab
offers), ``cli/argv`` (where global options go) and ``table.py`` (the command
tree, written from the real one and held to it by ``tests/startup/test_fastpath.py``).
"""

from __future__ import annotations

import os
import re
import sys

from .. import __version__, candidates
from ..cachekeys import PACK_FILES, PACK_VALID, cli_signature, pack_copy_dir, pack_key
from ..fileio.regular import read_regular

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

STORE_NAME = "store.json"
COMPLETE_VAR = "_AOD_COMPLETE"


class NotHere(Exception):
    """The fast path cannot answer exactly: the full CLI must."""


def answer(argv: list[str]) -> int | None:
    """Print the answer to ``aod ARGV`` and return its exit code, or None (nothing printed)."""
    try:
        found = _answer(argv)
    except Exception:  # anything unexpected: the full CLI answers (and reports it)
        return None
    if found is None:
        return None
    text, code = found
    return code if _write(text) else None


def _answer(argv: list[str]) -> tuple[str, int] | None:
    from ..i18n import choose, set_language

    set_language(choose(argv))  # the prompt's words come from the catalog; help beside a Tab: below
    instruction = os.environ.get(COMPLETE_VAR)
    if instruction:
        return _complete(instruction)
    if argv == ["--version"]:
        return f"aod {__version__}\n", 0
    if "prompt" in argv:
        return _prompt(argv)
    return None


def _write(text: str) -> bool:
    """Write ``text`` to stdout as ``typer.echo`` would; False (nothing written) when
    that might differ: a stream that is not UTF-8, text it cannot encode, or escape
    sequences (Click strips them when stdout is not a terminal)."""
    out = sys.stdout
    if out is None or "\x1b" in text:
        return False
    encoding = (getattr(out, "encoding", "") or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8":
        return False
    try:
        text.encode("utf-8")
        out.write(text)
        out.flush()
    except (OSError, ValueError):  # a full disk, a closed pipe: the CLI says it its way
        return False
    return True


# --------------------------------------------------------------------------- the sealed copies


def _data_dir() -> str:
    """``paths.data_dir()`` as text (an ``AOD_DATA_DIR`` that is not a folder: not here)."""
    override = os.environ.get("AOD_DATA_DIR")
    if override:
        folder = os.path.expanduser(override)
        if not os.path.isabs(folder) or not os.path.isdir(folder):  # the full CLI says what is wrong
            raise NotHere
        return folder
    from platformdirs import user_data_dir

    return os.path.abspath(user_data_dir("aodcli", appauthor=False))


def _pack_dir(show: str | None) -> str:
    """``pack.load.resolve_pack_dir`` for a pack that resolves cleanly (else not here)."""
    chosen = show or os.environ.get("AOD_SHOW") or None
    if chosen:
        path = os.path.expanduser(chosen)
        if os.path.isfile(path) and os.path.basename(os.path.normpath(path)) == "show.json":
            path = os.path.dirname(os.path.normpath(path))
        if not os.path.isdir(path):
            raise NotHere
        return path
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    for base in (os.path.join(here, "data"), os.path.join(os.path.dirname(os.path.dirname(here)), "data")):
        index = os.path.join(base, "packs.json")
        if os.path.isfile(index):
            break
    else:
        raise NotHere
    import json

    default = json.loads(read_regular(index, 1 << 20)).get("default")
    if not isinstance(default, str) or not default or "/" in default or default.startswith("."):
        raise NotHere
    return os.path.join(base, default)


def _copy(path: str, key: str) -> Any:
    """The data of the sealed copy at ``path`` under ``key`` (else not here)."""
    from ..fileio.cachefile import read_sealed  # not for --version

    found = read_sealed(path, key)
    if found is None:
        raise NotHere
    return found


def _pack_reader(data_dir: str, show: str | None) -> Callable[[str], Any]:
    """``read(name)``: the parsed pack file ``name`` from its sealed copy (a pack known valid)."""
    key = pack_key(_pack_dir(show))
    if key is None:
        raise NotHere
    folder = pack_copy_dir(os.path.join(data_dir, "cache"), key)
    if _copy(os.path.join(folder, PACK_VALID), key) is not True:
        raise NotHere
    memo: dict[str, Any] = {}

    def read(name: str) -> Any:
        if name not in PACK_FILES:
            raise NotHere
        if name not in memo:
            memo[name] = _copy(os.path.join(folder, f"{name}.marshal"), key)
        return memo[name]

    return read


def _status(data_dir: str) -> dict[str, Any]:
    """The store's status file (``store/status.py``), when it describes exactly the store
    file there is: ``{"active": name, "profiles": {name: {show id: (watched, done)}}}``."""
    from ..fileio.cachefile import read_status  # not for --version

    found = read_status(os.path.join(data_dir, STORE_NAME))
    if found is None:  # a first run, a damaged store, a stale status…: the CLI has the words for it
        raise NotHere
    return found


# --------------------------------------------------------------------------- aod prompt

_PROMPT_DEFAULT = "{show} {watched}/{total} ▸ {next}"


def _prompt(argv: list[str]) -> tuple[str, int] | None:
    from ..cli.argv import hoist_global_options

    args = hoist_global_options(argv)
    opts: dict[str, str] = {}
    i = 0
    while i < len(args) and args[i] != "prompt":  # the root's options
        i = _option(args, i, {"--show": "show", "--profile": "profile"}, {"--spoilers", "--no-pager"}, opts)
    i += 1
    while i < len(args):
        i = _option(args, i, {"--format": "format", "-f": "format"}, set(), opts)
    return _prompt_line(opts.get("format", _PROMPT_DEFAULT), opts.get("show"), opts.get("profile")), 0


def _option(args: list[str], i: int, valued: dict[str, str], flags: set[str], opts: dict[str, str]) -> int:
    """Read the option at ``args[i]`` into ``opts``; the index after it. Anything else: not here."""
    arg = args[i]
    if arg in flags:
        return i + 1
    name, eq, value = arg.partition("=")
    if eq and name.startswith("--") and name in valued:
        opts[valued[name]] = value
        return i + 1
    if arg in valued and i + 1 < len(args) and not args[i + 1].startswith("-"):
        opts[valued[arg]] = args[i + 1]
        return i + 2
    raise NotHere


def _prompt_line(template: str, show: str | None, profile: str | None) -> str:
    from ..packfacts import episode_code, in_show_order, show_title
    from ..progress_rules import next_index
    from ..promptline import line_data, line_text

    data_dir = _data_dir()
    read = _pack_reader(data_dir, show)
    status = _status(data_dir)
    name = profile or os.environ.get("AOD_PROFILE") or None
    if name is not None and not name.isascii():
        import unicodedata

        name = unicodedata.normalize("NFC", name)
    name = name or status["active"]
    shows = status["profiles"].get(name)
    if shows is None:  # an unknown profile: the CLI's usage error
        raise NotHere
    episodes = in_show_order(read("episodes.json"))
    show_data = read("show.json")
    order = [e["id"] for e in episodes]
    known = set(order)
    watched_ids, done_ids = shows.get(str(show_data["id"]), ((), ()))
    watched, done = known.intersection(watched_ids), known.intersection(done_ids)
    nxt = next_index(order, done)
    next_code = None if nxt is None else episode_code(episodes[nxt]["season"], episodes[nxt]["number"])
    data = line_data(show_title(show_data), len(watched), len(order), next_code, name)
    try:
        return line_text(data, template) + "\n"
    except Exception:  # a bad template: the CLI's usage error
        raise NotHere from None


# --------------------------------------------------------------------------- shell completion


def _complete(instruction: str) -> tuple[str, int] | None:
    from ..cli.splitargs import split_arg_string
    from .table import SOURCE, TABLE

    shell = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}.get(instruction)
    if shell is None or cli_signature() != SOURCE:  # the table is stale: the full CLI completes
        return None
    if shell == "bash":
        words = split_arg_string(os.environ["COMP_WORDS"])
        cword = int(os.environ["COMP_CWORD"])
        if not 1 <= cword <= len(words):
            return None
        args, incomplete = words[1:cword], (words[cword] if cword < len(words) else "")
    else:
        line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        args = split_arg_string(line)[1:]
        incomplete = ""
        if args and not line.endswith(" "):
            incomplete = args.pop()
    values, helps = _candidates(TABLE, args, incomplete)
    if shell == "bash":
        return "\n".join(values) + "\n", 0
    if shell == "zsh":
        if not values:
            return "_files\n", 0
        escaped = "\n".join(_zsh_item(v, helps.get(v)) for v in values)
        return f"_arguments '*: :(({escaped}))'\n", 0
    action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "get-args":
        items = [_fish_item(v, helps.get(v)) for v in values]
        return ("\n".join(items) + "\n" if items else "\n"), 0
    if action == "is-args":
        return "", 0 if values else 1
    return None


def _zsh_escape(s: str) -> str:
    return s.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _zsh_item(value: str, help: str | None) -> str:
    if not help:
        return f'"{_zsh_escape(value)}"'
    return f'"{_zsh_escape(value)}":"{_shown_help(_zsh_escape(help))}"'


def _fish_item(value: str, help: str | None) -> str:
    if not help:
        return value
    return value + "\t" + _shown_help(re.sub(r"\s", " ", help))


def _shown_help(text: str) -> str:
    """``text`` as Typer shows a help beside a name (it renders it with Rich, at the
    terminal's width), when that is the text itself: no markup, no emoji code, one
    line at that width. Anything else: not here."""
    from ..i18n import language

    if language() != "en":  # the full CLI translates the help it shows beside a name
        raise NotHere
    if "[" in text or re.search(r":[\w+-]+:", text) or text != text.strip() or "\t" in text:
        raise NotHere
    if os.environ.get("TERM", "") in ("dumb", "unknown") or len(text) >= _help_width():
        raise NotHere
    return text


def _help_width() -> int:
    """The width Rich would render at (Typer's ``TERMINAL_WIDTH``, ``COLUMNS``, the terminal's, 80)."""
    for name in ("TERMINAL_WIDTH", "COLUMNS"):
        value = os.environ.get(name, "")
        if value.isdigit():
            return int(value)
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            continue
    return 80


def _candidates(table: dict[str, Any], args: list[str], incomplete: str) -> tuple[list[str], dict[str, str]]:
    """(what Click would offer for ``incomplete`` after ``args``, the help shown beside each, if any)."""
    path, i = "", 0
    while i < len(args) and table[path]["group"]:  # the command: only names, no root options
        word = args[i]
        if word not in table[path]["commands"]:
            raise NotHere
        path, i = f"{path} {word}".strip(), i + 1
    entry = table[path]
    given: set[int] = set()  # options given, by index in entry["options"]
    filled = 0  # positional values given
    last_option: dict[str, Any] | None = None
    for word in args[i:]:
        if last_option is not None:
            last_option = None
            continue
        if word.startswith("-"):
            found = [n for n, o in enumerate(entry["options"]) if word in o["opts"] or word in o["secondary"]]
            if not found or word == "--":
                raise NotHere
            option = entry["options"][found[0]]
            if option["nargs"] != 1:
                raise NotHere
            given.add(found[0])
            if not option["flag"]:
                last_option = option
        else:
            filled += 1
    if ("=" in incomplete and incomplete.startswith("-")) or incomplete == "=":
        raise NotHere
    if incomplete.startswith("-"):  # option names
        names = [
            name
            for n, o in enumerate(entry["options"])
            if not o["hidden"] and (o["multiple"] or n not in given)
            for name in (*o["opts"], *o["secondary"])
            if name.startswith(incomplete)
        ]
        return names, entry["help"]
    if last_option is not None:
        return _values(last_option["complete"], incomplete), {}
    for n, argument in enumerate(entry["arguments"]):
        if argument["nargs"] == -1 or n >= filled:
            if argument["nargs"] not in (1, -1):
                raise NotHere
            return _values(argument["complete"], incomplete), {}
    if entry["group"]:
        names = [c for c in entry["commands"] if c.startswith(incomplete)]
        return names, entry["help"]
    return [], {}


def _values(completer: Any, incomplete: str) -> list[str]:
    """A completer's candidates, filtered as Typer does (a candidate starts with what was typed)."""
    if completer is None:
        raise NotHere
    if isinstance(completer, tuple):
        found = candidates.matching(completer[1], incomplete)
    elif completer == "search_kinds":
        found = candidates.matching(candidates.SEARCH_KINDS, incomplete)
    elif completer == "profiles":
        found = candidates.profiles(incomplete, _status(_data_dir())["profiles"])
    else:
        pick = {
            "specs": candidates.specs,
            "seasons": candidates.seasons,
            "people": candidates.people,
            "characters": candidates.characters,
        }[completer]
        found = pick(incomplete, _pack_reader(_data_dir(), None))
    return [c for c in found if c.startswith(incomplete)]
