"""A user's mistakes, across commands: one line on stderr, the right exit code, nothing written."""

from __future__ import annotations

import pytest

from ..support.helpers import fails, ok


@pytest.mark.parametrize(
    ("args", "part"),
    [
        (["watch", "13"], "there is no episode 13"),
        (["watch"], "name the episodes"),
        (["watch", "3", "--at", "yesterday-ish"], "invalid --at"),
        (["watch", "3", "--at", "2099-01-01"], "is in the future"),
        (["watch", "3", "--at", "2021-01-01"], "before S01E03 was released"),
        (["rate", "3", "11"], "invalid score 11: give a whole number from 1 to 10"),
        (["rate", "3", "0"], "invalid score 0"),
        (["rate", "1-2", "5"], "names 2 episodes"),
        (["note", "3", ""], "invalid note"),
        (["watch", "1", "--profile", "nobody"], "unknown profile 'nobody'"),
        (["profile", "add", "bad name!"], "invalid profile name"),
        (["export", "--format", "xml"], "invalid --format"),
        (["watch", "5", "--till", "2"], "is before the first episode"),
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(args, part, tmp_path):
    ok("watch", "1")
    store = tmp_path / "aod-data" / "store.json"
    before = store.read_bytes()
    run = fails(2, *args)
    assert part in run.stderr
    assert store.read_bytes() == before
