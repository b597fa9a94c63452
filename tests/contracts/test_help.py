"""Every command's help: an example on each page, words a person wrote, tidy group pages, the README's list."""

from __future__ import annotations

import re

import pytest

from ..support.helpers import REPO, ok


def test_help_has_examples_for_every_command():
    for cmd in ("episodes", "episode", "about", "cast", "characters"):
        out = ok(cmd, "-h").stdout
        assert "Example" in out, cmd


def _commands() -> list[str]:
    from typer.main import get_command

    from aodcli.cli.app import app

    group = get_command(app)
    names = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        names += [f"{name} {s}" for s in sub] if sub else [name]
    return names


def test_every_command_has_help_with_an_example():
    for name in _commands():
        out = ok(*name.split(), "--help").stdout
        assert "Example" in out, name
        assert ok(*name.split(), "-h").stdout == out


def test_readme_lists_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert re.search(rf"`aod {re.escape(name)}\b", readme), f"README does not mention `aod {name}`"


HELP_PAGES = [[], *[[c] for c in ("episodes", "episode", "watch", "search", "rate", "prompt", "export", "import")]]


HELP_PAGES += [["profile", "add"], ["store", "restore"]]


@pytest.mark.parametrize("page", HELP_PAGES, ids=lambda v: " ".join(v) or "aod")
def test_help_reads_like_a_person_wrote_it(page: list[str]) -> None:
    out = ok(*page, "--help").stdout
    for artefact in ("<bool>", "<list", "<int", "<text>", "[1<=", "{SPEC}", "[SPEC...]", "<path>"):
        assert artefact not in out, f"{artefact!r} in aod {' '.join(page)} --help"
    if page in ([], ["episodes"]):
        assert "(or set AOD_SHOW)" in out and "(or set AOD_PROFILE)" in out


@pytest.mark.parametrize("group", ["profile", "store"])
def test_a_group_named_alone_shows_its_tidy_help(group: str) -> None:
    out = ok(group).stdout
    assert f"Usage: aod {group} [OPTIONS] COMMAND" in out
    assert "<bool>" not in out
