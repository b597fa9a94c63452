"""A search with no name spelled as typed leads with what it does find (places, episodes); a
word like no name at all suggests nothing rather than a name with half its letters."""

from __future__ import annotations

from ..support.helpers import aod, ok


def test_episodes_come_before_look_alike_names() -> None:
    page = ok("search", "Hyosan").stdout
    assert page.index("Episodes") < page.index("closest spellings")
    assert page.index("Hyosan High School") < page.index("Episodes")
    assert ok("search", "Soohyuck").stdout.splitlines()[1].split("\t")[2] == "Lee Su-hyeok"  # a real name: first


def test_no_suggestion_from_half_the_letters() -> None:
    for word in ("xyzzy", "qqqq"):
        run = aod("search", word)
        assert run.code == 1 and "did you mean" not in run.stderr, run.stderr
    assert "Lomon" in ok("search", "Lomn").stdout  # a near miss still finds its name
