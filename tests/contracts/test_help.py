"""Every command's help: an example on each page, words a person wrote, tidy group pages, the README's list."""

from __future__ import annotations

from ..support.helpers import ok


def test_help_has_examples_for_every_command():
    for cmd in ("episodes", "episode", "about", "cast", "characters"):
        out = ok(cmd, "-h").stdout
        assert "Example" in out, cmd
