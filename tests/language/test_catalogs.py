"""The translation catalogs: complete, well-formed, compiled from their sources, and chosen
as gettext programs choose a language."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aodcli.i18n import catalogs, choose

from ..support.helpers import ok

PO = catalogs.po_path("ko")


def _catalog():  # type: ignore[no-untyped-def]
    with open(PO, "rb") as f:
        return read_po(f, locale="ko", domain=catalogs.DOMAIN)


def _fields(text: str) -> list[str]:
    """The replacement fields of a message (name, conversion and format spec), sorted."""
    return sorted(f"{name}!{conv}:{spec}" for _, name, spec, conv in string.Formatter().parse(text) if name is not None)


def test_every_message_aod_shows_is_in_the_korean_catalog() -> None:
    template = catalogs.template()
    po = _catalog()
    missing = [m.id for m in template if m.id and po.get(m.id, context=m.context) is None]
    assert not missing, (
        f"{len(missing)} message(s) not in {PO.name}; run python -m aodcli.i18n.catalogs extract: {missing[:5]}"
    )


def test_every_korean_entry_is_translated_not_fuzzy_and_keeps_its_fields() -> None:
    problems = []
    for message in _catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strs):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for translated in strs:
            try:
                if _fields(translated) != _fields(ids[-1]):
                    problems.append(f"fields differ: {ids[0]!r} -> {translated!r}")
            except ValueError as err:
                problems.append(f"not a format string ({err}): {translated!r}")
    assert not problems, f"{len(problems)} problem(s) in {PO.name}:\n" + "\n".join(problems[:30])


def test_the_compiled_catalog_is_what_the_sources_compile_to(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(catalogs.LOCALE, tmp_path / "locale")
    catalogs.compile_all(tmp_path / "locale")
    fresh = (tmp_path / "locale" / "ko" / "LC_MESSAGES" / "aodcli.mo").read_bytes()
    assert catalogs.mo_path("ko").read_bytes() == fresh, "stale .mo: run python -m aodcli.i18n.catalogs compile"
    assert (tmp_path / "locale" / "ko" / "formats.json").read_bytes() == catalogs.formats_path("ko").read_bytes()


@pytest.mark.parametrize(
    ("argv", "env", "want"),
    [
        ([], {}, "en"),
        ([], {"LANG": "ko_KR.UTF-8"}, "ko"),
        ([], {"LANG": "ko_KR.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL before LANG
        ([], {"LC_MESSAGES": "ko_KR", "LANG": "en_US.UTF-8"}, "ko"),
        ([], {"LANGUAGE": "fr:ko", "LANG": "en_US.UTF-8"}, "ko"),  # the first of LANGUAGE aod has
        ([], {"LANGUAGE": "fr", "LANG": "ko_KR.UTF-8"}, "ko"),
        ([], {"LANG": "fr_FR.UTF-8"}, "en"),
        ([], {"AOD_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
        ([], {"AOD_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
        (["--lang", "en"], {"AOD_LANG": "ko"}, "en"),
        (["episodes", "--lang=ko"], {}, "ko"),
        (["note", "3", "--", "--lang", "ko"], {}, "en"),  # a note, not an option
    ],
)
def test_the_language_is_chosen_as_gettext_programs_choose_it(argv: list[str], env: dict[str, str], want: str) -> None:
    assert choose(argv, env) == want


def test_lang_refuses_a_language_it_does_not_have() -> None:
    from ..support.helpers import fails

    run = fails(2, "--lang", "fr", "episodes")
    assert "--lang" in run.stderr and "ko" in run.stderr


def test_korean_help_and_errors_come_from_the_catalog() -> None:
    from ..support.helpers import aod

    po = _catalog()
    usage = po["Usage:"].string
    assert usage and usage in ok("--lang", "ko", "watch", "--help").stdout
    run = aod("--lang", "ko", "frobnicate")
    assert run.code == 2
    assert run.stderr.startswith(po["Error: {message}"].string.split("{")[0]), run.stderr


def test_one_english_word_with_two_meanings_keeps_both_translations() -> None:
    po = _catalog()
    credit, store = po.get("Written by", context="credits"), po.get("Written by")
    assert credit is not None and store is not None and credit.string != store.string
    assert credit.string in ok("episode", "1", env={"AOD_LANG": "ko"}).stdout
