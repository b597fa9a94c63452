"""`aod cast`, `aod characters` and `aod character`: who plays whom, lined up with Hangul, and which one of several."""

from __future__ import annotations

import re

from ..support.helpers import ok

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_rich_table_lines_up_with_hangul():
    out = ok("cast", env={"FORCE_COLOR": "1", "COLUMNS": "120"}).stdout
    rows = [ANSI.sub("", line) for line in out.splitlines() if "박지후" in line or "로몬" in line]
    assert len(rows) == 2
    from rich.cells import cell_len

    # the character column starts at the same screen column in both rows
    starts = [cell_len(r[: r.index(name)]) for r, name in zip(rows, ("Nam On-jo", "Lee Su-hyeok"), strict=False)]
    assert starts[0] == starts[1]


def test_cast_json_maps_main_actors():
    rows = ok("cast", "--json").json()["cast"]
    pairs = {(r["actor"], r["character"]) for r in rows}
    assert ("Park Ji-hu", "Nam On-jo") in pairs
    assert ("Yoon Chan-young", "Lee Cheong-san") in pairs
    assert ("Lomon", "Lee Su-hyeok") in pairs
    assert ("Cho Yi-hyun", "Choi Nam-ra") in pairs
