"""Find English sentences aod says in Korean: runs of three or more lowercase English words.

The pseudo-language sweep (:mod:`.pseudo_support`) lets through any word the pack's JSON
holds anywhere, so a sentence made of common words ("prefix of given name") that skipped
the catalog passes it. This check looks at the Korean interface itself: once the command
line, options, paths and quoted input are set aside, a run of three or more lowercase English
words is an English sentence, unless it is the pack's own text shown as it is because the
pack has no Korean for it (``texts.ko.json`` leaves it out: its English is shown instead).
``python -m tests.support.korean_sweep`` prints every such line.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

from aodcli.cli.registry import COMMANDS

from .helpers import BUNDLED
from .pseudo_support import ANSI, HEX_ID, lines_found, outputs, print_found

#: What the sweep runs besides the registry's plan: searches whose reasons are sentences.
EXTRA = (
    ["search", "Cheong"],
    ["search", "namra"],
    ["search", "ㄴㅇㅈ"],
    ["search", "이"],
    ["search", "Su"],
    ["character", "Cheong"],
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
#: Three or more lowercase words in a row, not part of a hyphenated name (Cheong-san's mother).
RUN = re.compile(r"(?<![\w'’-])[a-z][a-z'’]*(?:[ ]+[a-z][a-z'’]*){2,}(?![\w-])")
#: Set aside: paths and addresses, quoted input, code, options, the command line (aod profile add).
NOT_WORDS = re.compile(
    r"(?:[~/.]|\w+:/|\w+/)[\w./~-]*|\S+@\S+|`[^`]*`|'[^']*'|\"[^\"]*\"|--?[\w-]+|\baod(?: [a-z][\w-]*)*"
)

#: A table cell that is a command line, as ``aod undo --list`` shows what each change was.
COMMAND_CELL = re.compile(
    r"(?:^|(?<=\t))(?:" + "|".join(sorted((re.escape(c.path) for c in COMMANDS), key=len, reverse=True)) + r")\b[^\t]*"
)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in (key, *_strings(value))]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    words = [w.casefold() for w in WORD.findall(text)]
    return set(zip(words, words[1:], words[2:], strict=False))


def untranslated_pack_texts(pack: Path = BUNDLED, lang: str = "ko") -> set[str]:
    """The pack's texts that ``texts.<lang>.json`` does not translate: aod shows them in English."""
    covered = {t["en"] for t in json.loads((pack / f"texts.{lang}.json").read_text(encoding="utf-8"))["texts"]}
    texts: set[str] = set()
    for file in sorted(pack.glob("*.json")):
        if not file.name.startswith("texts."):
            texts.update(_strings(json.loads(file.read_text(encoding="utf-8"))))
    return texts - covered


def english_runs(text: str, shown_as_is: set[tuple[str, str, str]]) -> list[str]:
    """The lines of ``text`` with a run of three or more lowercase English words that is not
    pack text shown as it is (each three words in a row of it are three words in a row there)."""
    found = []
    for line in HEX_ID.sub(" ", ANSI.sub("", text)).splitlines():
        rest = NOT_WORDS.sub(" | ", COMMAND_CELL.sub(" | ", line))
        runs = [m.group() for m in RUN.finditer(rest) if not _trigrams(m.group()) <= shown_as_is]
        if runs:
            found.append(f"{line.strip()}    <- {' | '.join(runs)}")
    return found


def korean_sweep(data: Path) -> dict[str, list[str]]:
    """aod's output in Korean, command by command (the plan and :data:`EXTRA`): the lines with English runs."""
    shown_as_is = set().union(*map(_trigrams, untranslated_pack_texts()))
    return lines_found(outputs(data, {"AOD_LANG": "ko"}, EXTRA), lambda out: english_runs(out, shown_as_is))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        print_found(korean_sweep(Path(tmp) / "data"), sys.argv[1:])
