"""Every command of the registry's plan, and every help page, says nothing in English that did
not pass through the catalog: under the pseudo-language ``qps`` each translated string comes
back inside ⟦ ⟧, and a line with an English word outside them that is not data fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.pseudo_support import english_left, sweep

pytestmark = pytest.mark.heavy


def test_no_command_says_english_outside_the_catalog(tmp_path: Path) -> None:
    found = sweep(tmp_path / "data", {})
    report = "\n".join(f"aod {command}\n    " + "\n    ".join(lines) for command, lines in found.items())
    assert not found, f"English outside the catalog (run python -m tests.support.pseudo_support):\n{report}"


def test_the_check_finds_a_string_that_skipped_the_catalog() -> None:
    allowed = {"hyosan"}
    assert english_left("⟦Marked {code} watched⟧ S01E03", allowed) == []
    assert english_left("⟦Marked⟧ S01E03 watched", allowed) == ["S01E03 watched    <- watched"]
    assert english_left("⟦Outer ⟦inner⟧ still outer⟧ Hyosan", allowed) == []
    assert english_left("Hyosan 0123456789abcdef0123456789abcdef", allowed) == []  # an id is data


def test_a_string_the_catalog_lacks_comes_back_unmarked() -> None:
    """A string built at run time that the extractor never saw passes through ``_`` yet has no
    translation: the pseudo-language leaves it unmarked, so the sweep finds it."""
    from aodcli.i18n import _, ngettext, pgettext, speaking

    with speaking("qps"):
        assert _("Options") == "⟦Options⟧"
        assert _("Inherited options") == "⟦Inherited options⟧"
        assert _("A sentence no catalog holds") == "A sentence no catalog holds"
        assert ngettext("{count} episode", "{count} episodes", 2) == "⟦{count} episodes⟧"
        assert ngettext("{count} zork", "{count} zorks", 2) == "{count} zorks"
        assert pgettext("nowhere", "Options") == "Options"
