"""Build the catalogs with Babel: extract the messages, update the ``.po`` files, compile them.

``python -m aodcli.i18n.catalogs extract`` writes ``locale/aodcli.pot`` from the
code (``_``, ``N_``, ``ngettext``), the help texts of every command and option
(read from the real command tree, so a docstring is its own message id), and the
Typer words aod's help shows (marked in ``cli/helpwords.py``); then it brings every
``locale/<lang>/LC_MESSAGES/aodcli.po`` up to date with it. Translators edit the
``.po``; ``python -m aodcli.i18n.catalogs compile`` (also run by the wheel's
build hook, ``hatch_build.py``) writes the ``.mo`` files aod reads, and
``formats.json``: the Korean date, time and number patterns from Babel's locale
data (``aodcli.i18n.formats``). Babel is needed here only, never when aod runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "locale"
DOMAIN = "aodcli"
#: The languages with a catalog (English is the source language: it has none).
TRANSLATED = ("ko",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def formats_path(lang: str) -> Path:
    return LOCALE / lang / "formats.json"


def code_messages() -> list[tuple[str | tuple[str, str], str, int, str | None]]:
    """(message id or (singular, plural), file, line, context) of every marked string in the package."""
    from babel.messages.extract import extract_from_dir

    found = []
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        found.append((message if isinstance(message, str) else (message[0], message[1]), filename, lineno, context))
    return found


def help_messages() -> list[str]:
    """The help text of every command, group and option of the real command tree."""
    from typer.main import get_command

    from ..cli.app import app

    seen: list[str] = []

    def walk(command: Any) -> None:
        for text in (command.help, getattr(command, "short_help", None)):
            if text and text not in seen:
                seen.append(text)
        for param in command.params:
            text = getattr(param, "help", None)
            if text and text not in seen:
                seen.append(text)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(get_command(app))
    return seen


def template() -> Any:
    """The catalog template (``.pot``) of everything aod shows."""
    from babel.messages.catalog import Catalog

    pot = Catalog(domain=DOMAIN, project="aodcli", charset="utf-8", fuzzy=False)
    pot.creation_date = pot.revision_date = _fixed_date()
    for message, filename, lineno, context in code_messages():
        pot.add(message, locations=[(filename, lineno)], context=context)
    for text in help_messages():
        pot.add(text, locations=[("command-help", 0)])
    return pot


def _fixed_date() -> Any:
    from datetime import datetime, timezone

    return datetime(2026, 1, 1, tzinfo=timezone.utc)  # no date churn in the files


def extract() -> None:
    """Write the template and bring every language's ``.po`` up to date with it."""
    from babel.messages.pofile import read_po, write_po

    pot = template()
    LOCALE.mkdir(exist_ok=True)
    with open(LOCALE / f"{DOMAIN}.pot", "wb") as f:
        write_po(f, pot, width=100, omit_header=False, no_location=False, sort_output=False)
    for lang in TRANSLATED:
        path = po_path(lang)
        if path.exists():
            with open(path, "rb") as f:
                po = read_po(f, locale=lang, domain=DOMAIN)
        else:
            from babel.messages.catalog import Catalog

            po = Catalog(locale=lang, domain=DOMAIN, project="aodcli", fuzzy=False)
            path.parent.mkdir(parents=True, exist_ok=True)
        po.update(pot, no_fuzzy_matching=True)
        po.revision_date = po.creation_date = _fixed_date()
        with open(path, "wb") as f:
            write_po(f, po, width=100, ignore_obsolete=True, include_previous=False)


def compile_all(locale_dir: Path = LOCALE) -> list[Path]:
    """Compile every ``.po`` under ``locale_dir`` to its ``.mo``, and write each language's
    ``formats.json``; return the files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for lang in TRANSLATED:
        po = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po.exists():
            continue
        with open(po, "rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
        mo = po.with_suffix(".mo")
        with open(mo, "wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo)
        fmt = locale_dir / lang / "formats.json"
        fmt.write_text(json.dumps(locale_formats(lang), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        written.append(fmt)
    return written


def locale_formats(lang: str) -> dict[str, Any]:
    """What ``aodcli.i18n.formats`` needs of a locale, from Babel's CLDR data."""
    from babel import Locale
    from babel.dates import get_date_format, get_time_format

    loc = Locale.parse(lang)
    units = loc._data["unit_patterns"]

    def unit(name: str) -> str:
        return str(units[name]["long"]["other"])

    return {
        "date": get_date_format("medium", locale=loc).pattern,  # 2022. 1. 28.
        "time": get_time_format("short", locale=loc).pattern,  # a h:mm
        "am_pm": [loc.day_periods["format"]["abbreviated"][k] for k in ("am", "pm")],
        "weekdays": [loc.days["format"]["abbreviated"][i] for i in range(7)],
        "hours": unit("duration-hour"),
        "minutes": unit("duration-minute"),
        "days": unit("duration-day"),
        "group": loc.number_symbols["latn"]["group"] if "latn" in loc.number_symbols else ",",
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"]:
        extract()
        return 0
    if argv[:1] == ["compile"]:
        for path in compile_all():
            print(path)
        return 0
    print("usage: python -m aodcli.i18n.catalogs extract|compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
