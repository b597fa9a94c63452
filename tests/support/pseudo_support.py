"""Find the English aod says without its catalog: run commands under the pseudo-language.

Under ``AOD_LANG=qps`` every string that went through the catalog comes back
inside ``⟦`` and ``⟧``. What is left outside them must be data (names, titles,
codes, the pack's texts, numbers, paths, the command line itself) or punctuation;
an English word that is none of these is a string that never passed through
``_()``. ``python -m tests.support.pseudo_support`` prints every such line of every
command of the registry's plan (and of its help page), to find what is left.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from aodcli.cli.registry import COMMANDS

from .helpers import BUNDLED, aod

MARKED = re.compile(r"⟦.*?⟧", re.S)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
#: Words that are not English sentences: the program, its commands and options, units of data.
CODE_WORDS = {"aod", "json", "csv", "trakt", "tvtime", "netflix", "qps", "ko", "en", "utf", "crc", "id", "ids"}
#: The profiles the plan makes (names are the user's data).
PROFILES = {"default", "pal", "guest"}
#: Commands whose output is a file format, not words for people (``aod export``: JSON or CSV).
FORMATS = {"export"}
HEX_ID = re.compile(r"(?<![A-Za-z])[0-9a-f]{12,}")  # event, batch and device ids
INNERMOST = re.compile(r"⟦[^⟦⟧]*⟧")


def data_words(pack: Path = BUNDLED) -> set[str]:
    """Every word of every text of the pack: data, shown as it is (or in its own language)."""
    words: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            words.update(w.casefold() for w in WORD.findall(node))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for file in sorted(pack.glob("*.json")):
        walk(json.loads(file.read_text(encoding="utf-8")))
    return words


def command_words() -> set[str]:
    """The words of the command lines: command names, option names, metavars."""
    from typer.main import get_command

    from aodcli.cli.app import app

    words: set[str] = set()

    def walk(command: object) -> None:
        for param in getattr(command, "params", []):
            names = (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ()))
            for opt in (*names, getattr(param, "metavar", None) or ""):
                words.update(w.casefold() for w in WORD.findall(opt))
        for name, sub in getattr(command, "commands", {}).items():
            words.update(w.casefold() for w in WORD.findall(name))
            walk(sub)

    walk(get_command(app))
    return words


def english_left(text: str, allowed: set[str]) -> list[str]:
    """The lines of ``text`` with an English word outside the markers that is not ``allowed``."""
    found = []
    text = HEX_ID.sub(" ", ANSI.sub("", text))
    while True:  # innermost first: a translated value inside a translated sentence
        unmarked = INNERMOST.sub(lambda m: "\n" * m.group().count("\n") or " ", text)
        if unmarked == text:
            break
        text = unmarked
    text = MARKED.sub(lambda m: "\n" * m.group().count("\n") or " ", text)
    for line in text.splitlines():
        rest = line
        rest = re.sub(r"(?:[~/.]|\w+:/|\w+/)[\w./~-]*|\S+@\S+|`[^`]*`|'[^']*'", " ", rest)  # paths, quoted input
        words = [w for w in WORD.findall(rest) if w.casefold() not in allowed and len(w) > 2 and not w.isupper()]
        if words:
            found.append(f"{line.strip()}    <- {' '.join(words)}")
    return found


def picture_texts(out: str) -> str:
    """``out``, or when it is an SVG picture (``aod card``), the texts people read on it."""
    if not out.startswith("<?xml"):
        return out
    import xml.etree.ElementTree as ET

    return "\n".join(el.text for el in ET.fromstring(out.encode("utf-8")).iter() if el.text and el.text.strip())


def plan(data: Path) -> Iterator[list[str]]:
    """Every run of every command of the registry (after the store it needs is made), and every help page."""
    export = data.parent / "export.json"
    folder = data.parent / "sync"
    folder.mkdir(exist_ok=True)
    for command in COMMANDS:
        yield [*command.path.split(), "--help"]
        for setup in command.setup:
            yield list(setup)
        for run in command.runs:
            args = [a.replace("{other}", "pal").replace("{folder}", str(folder)) for a in run]
            yield [a.replace("{export}", str(export)) for a in args]
    yield ["--help"]


def outputs(data: Path, env: dict[str, str], extra: Iterable[list[str]] = ()) -> Iterator[tuple[list[str], str]]:
    """(command line, what it wrote: stdout then stderr) of every run of the plan, and of ``extra``,
    in the language ``env`` sets; the store the plan needs is made first (in English)."""
    base = {"AOD_DATA_DIR": str(data), "COLUMNS": "200", **env}
    for setup in (["profile", "add", "pal"], ["watch", "1-2"], ["export", "-o", str(data.parent / "export.json")]):
        assert aod(*setup, env={**base, "AOD_LANG": "en"}).code == 0, setup
    for args in [*plan(data), *extra]:
        if args[:1] == ["browse"] and "--help" not in args:
            continue  # a screen: its words are checked through the browse tests
        if args[:1] and args[0] in FORMATS and "--help" not in args:
            continue  # a file format: its words are keys and values, the same in every language
        run = aod(*args, env=base)
        yield args, picture_texts(run.stdout) + run.stderr


def lines_found(runs: Iterable[tuple[list[str], str]], check: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """Command line -> the lines ``check`` finds in what it wrote, for the runs where it finds any."""
    found: dict[str, list[str]] = {}
    for args, out in runs:
        left = check(out)
        if left:
            found[" ".join(args)] = left
    return found


def print_found(found: dict[str, list[str]], only: list[str]) -> None:
    """What a sweep found, for the commands that start with one of ``only`` (all when empty)."""
    for command, lines in found.items():
        if only and not any(command.startswith(o) for o in only):
            continue
        print(f"== aod {command}")
        for line in lines:
            print("   ", line)
    print(f"{sum(len(v) for v in found.values())} lines in {len(found)} runs")


def sweep(data: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """aod's output under the pseudo-language, command by command: the lines with English left."""
    allowed = data_words() | command_words() | CODE_WORDS | PROFILES
    return lines_found(outputs(data, {"AOD_LANG": "qps", **env}), lambda out: english_left(out, allowed))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("COLUMNS", "200")
        print_found(sweep(Path(tmp) / "data", {}), sys.argv[1:])
