"""``aod search QUERY --json`` for a set of queries that reach every tier and kind of reason,
in English and in Korean: the snapshot (``tests/snapshots/search/json.json``) pins that the
JSON is the same bytes whatever the interface language (where the episodes' texts, searched
in the language shown, differ, the snapshot holds each language's document).

``python -m tests.support.search_json`` rewrites the snapshot (only when the JSON is meant to
change)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .helpers import TESTS, aod

SNAPSHOT = TESTS / "snapshots" / "search" / "json.json"
LANGUAGES = ("en", "ko")
#: Every tier (exact, hangul, variant, initials, given, given-variant, initials-given, surname,
#: prefix, syllable, typo) and every kind of form (name, RR, alias of each kind, known misspelling,
#: given name first, a given name of an alias or misspelling, a Hangul form).
QUERIES = (
    "lee", "Cheong", "이", "ㄴㅇㅈ", "namra", "Soo-hyuk", "Lomon", "청산", "Su", "청", "Park Solomon",
    "Cheong-san Lee", "Nam-ruh", "남ㅇㅈ", "ㄴㅇ", "Chung-san", "Yi", "ㅊㅅ", "남온저", "Lee Chungsan",
    "남온조", "Park Solomn", "J.Q. Lee", "JQ", "Banjang", "김지후", "Chang Young", "Park Solomun", "Ji-hu",
    "Yu In-su", "Hye-su", "Jo", "Yoon Chang Yeong", "Yi-seo Jo",
)  # fmt: skip


def documents(data: Path) -> dict[str, dict[str, str]]:
    """query -> language -> the JSON as written; one entry ``"*"`` when every language writes the same."""
    out: dict[str, dict[str, str]] = {}
    for query in QUERIES:
        by = {
            lang: aod("search", query, "--json", "--limit", "1000", env={"AOD_DATA_DIR": str(data), "AOD_LANG": lang})
            for lang in LANGUAGES
        }
        for lang, run in by.items():
            assert run.code == 0, (query, lang, run.stderr)
        texts = {lang: run.stdout for lang, run in by.items()}
        out[query] = {"*": texts["en"]} if len(set(texts.values())) == 1 else texts
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp) / "data")
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(docs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}: {len(docs)} queries")
