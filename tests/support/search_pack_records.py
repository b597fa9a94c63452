"""The real data pack's people and characters as search records, and the query tables.

Search against the real data pack (data/all-of-us-are-dead), read as plain JSON:
the tiny adapter here stands in for the CLI's: one record per person and per
character, billing ``order`` from characters.json (a person takes the order of
their first role), ``link`` from credits.json. The query tables are shared by
the ranking tests on the pack and the stored-index tests.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from aodcli.search import Hit, NameIndex, NameRecord

PACK = Path(__file__).resolve().parents[2] / "data" / "all-of-us-are-dead"


def _load(name: str) -> Any:
    return json.loads((PACK / name).read_text(encoding="utf-8"))


def load_records() -> list[NameRecord]:
    chars = _load("characters.json")["characters"]
    people = _load("people.json")["people"]
    credits = _load("credits.json")["credits"]
    char_name = {c["id"]: c["name"] for c in chars}
    char_order = {c["id"]: c["order"] for c in chars}
    person_name = {p["id"]: p["name"] for p in people}
    actor: dict[str, str] = {}
    roles: dict[str, list[str]] = {}
    for cr in credits:
        if cr["job"] == "actor" and cr.get("character"):
            actor.setdefault(cr["character"], cr["person"])
            roles.setdefault(cr["person"], []).append(cr["character"])

    def aliases(block: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple((a["name"], a["kind"]) for a in block.get("aliases", []))

    records = [
        NameRecord(
            c["id"], "character", c["name"], c.get("family"), c.get("hangul"),
            c.get("family_hangul"), aliases(c), c["order"],
            person_name.get(actor.get(c["id"], "")),
        )
        for c in chars
    ]  # fmt: skip
    for p in people:
        mine = roles.get(p["id"], [])
        records.append(
            NameRecord(
                p["id"], "person", p["name"], p.get("family"), p.get("hangul"),
                p.get("family_hangul"), aliases(p),
                min((char_order[c] for c in mine), default=1000),
                char_name[mine[0]] if mine else None,
            )
        )  # fmt: skip
    return records


RECORDS = load_records()
INDEX = NameIndex(RECORDS)
BY_ID = {r.id: r for r in RECORDS}


def rank(hits: list[Hit], rid: str) -> int:
    """Competition rank of a record (ties share a rank); 0 when absent."""
    for h in hits:
        if h.record.id == rid:
            return 1 + sum(1 for o in hits if o.score > h.score)
    return 0


def sole_top(hits: list[Hit], rid: str) -> bool:
    return bool(hits) and hits[0].record.id == rid and (len(hits) == 1 or hits[1].score < hits[0].score)


# --- what people type -----------------------------------------------------------

#: Queries people type for the cast (romanised every which way, Hangul, initials,
#: misspellings), each with the record that must come first on the real pack.
TYPED_QUERIES = {
    "Jihoo Park": "p-park-ji-hu",
    "Park Jihu": "p-park-ji-hu",
    "On Jo Nam": "c-nam-on-jo",
    "Chung San Lee": "c-lee-cheong-san",
    "Yun Chanyeong": "p-yoon-chan-young",
    "Nam Ra Choi": "c-choi-nam-ra",
    "Choe Namra": "c-choi-nam-ra",
    "Yi-hyun Cho": "p-cho-yi-hyun",
    "Suhyeok": "c-lee-su-hyeok",
    "Solomon": "p-lomon",
    "Yoon Gwinam": "c-yoon-gwi-nam",
    "Gwinam": "c-yoon-gwi-nam",
    "Insoo Yoo": "p-yoo-in-soo",
    "Yu In-su": "p-yoo-in-soo",
    "Nayeon": "c-lee-na-yeon",
    "Byeongchan": "c-lee-byeong-chan",
    "Kim Byeong-cheol": "p-kim-byung-chul",
    "So-ju": "c-nam-so-ju",
    "Jun Bae-su": "p-jeon-bae-soo",
    "Jun Bae-soo": "p-jeon-bae-soo",
    "Gyu-hyeong": "p-lee-kyu-hyung",
    "Mijin": "c-park-mi-jin",
    "Eunsaem Lee": "p-lee-eun-saem",
    "ㅊㅅ": "c-lee-cheong-san",
    "ㅇㅊ": "c-lee-cheong-san",
    "ㅇㅇㅅ": "p-yoo-in-soo",
    "ㅂㅊ": "c-lee-byeong-chan",
    "ㄱㅂㅊ": "p-kim-byung-chul",
    "청산": "c-lee-cheong-san",
    "귀남": "c-yoon-gwi-nam",
    "남온ㅈ": "c-nam-on-jo",
    "윤귀": "c-yoon-gwi-nam",
    "초": "c-choi-nam-ra",
    "최나": "c-choi-nam-ra",
    "조이헌": "p-cho-yi-hyun",
    "Lomn": "p-lomon",
    "Cheongsam": "c-lee-cheong-san",
    "Chunsan": "c-lee-cheong-san",
    "SU HYEOK": "c-lee-su-hyeok",
    "Ｌｅｅ Ｓｕ－ｈｙｅｏｋ": "c-lee-su-hyeok",
    "Kim Pyong-chol": "p-kim-byung-chul",
    "Song Jae Ick": "c-song-jae-ik",
    "Mi-jin Pak": "c-park-mi-jin",
    "So-joo Nam": "c-nam-so-ju",
    "Lee Soohyuk": "c-lee-su-hyeok",
    "Choi Namla": "c-choi-nam-ra",
    "Nam-ruh": "c-choi-nam-ra",
}
#: Real collisions in the cast, shown as ties: 청산 = 철수 = ㅊㅅ, 이청산 and 윤찬영
#: both start ㅇㅊ, 유인수 = 이은샘 = 윤이삭 = ㅇㅇㅅ, 병찬 = 병철 = ㅂㅊ.
TIED = {"ㅊㅅ", "ㅇㅊ", "ㅇㅇㅅ", "ㅂㅊ"}


# --- a table of variant classes, on the fixture and on the pack -------------------

NAM_ON_JO_NFD = unicodedata.normalize("NFD", "남온조")

#: (query, target, tier on the fixture, which has almost no aliases, so the
#: tier shows which rule matched). On the pack the target must come first.
VARIANTS = [
    # vowels: eo/u/oo, yeo/yu, eu/u, ae/e
    ("Lee Chungsan", "c-lee-cheong-san", "variant"),
    ("Hyun-ju", "c-kim-hyeon-ju", "given-variant"),
    ("Kim Chul-soo", "c-kim-cheol-su", "variant"),
    ("Oh Jun-young", "c-oh-joon-yeong", "variant"),
    ("Soo-hyuk", "c-lee-su-hyeok", "given-variant"),
    ("Nayun", "c-lee-na-yeon", "given-variant"),
    ("Hyo-ryoung", "c-seo-hyo-ryung", "given-variant"),
    ("Hyo-ryeong", "c-seo-hyo-ryung", "given"),  # RR of 효령
    ("Min Unji", "c-min-eun-ji", "variant"),
    ("Ha Sungri", "p-ha-seung-ri", "variant"),
    ("Song Je-ik", "c-song-jae-ik", "variant"),
    ("Lee Eun-sem", "p-lee-eun-saem", "variant"),
    # consonants: g/k, d/t, b/p, j/ch, r/l
    ("Han Kyung-soo", "c-han-gyeong-su", "variant"),
    ("Gim Jeemin", "c-kim-ji-min", "variant"),
    ("Tae-su", "c-yang-dae-su", "given-variant"),
    ("Yang Tae-soo", "c-yang-dae-su", "variant"),
    ("Han Too-seok", "c-han-du-seok", "variant"),
    ("Pae Hae-sun", "p-bae-hae-sun", "variant"),
    ("Lee Pyeong-chan", "c-lee-byeong-chan", "variant"),
    ("Jo Yi-hyeon", "p-cho-yi-hyun", "variant"),
    ("Chin Ho-eun", "p-jin-ho-eun", "variant"),
    ("Jung Min-chae", "c-jung-min-jae", "variant"),
    ("Jang Hali", "c-jang-ha-ri", "variant"),
    ("Noh Jae-won", "p-roh-jae-won", "variant"),
    # surnames in other spellings
    ("Yi Su-hyeok", "c-lee-su-hyeok", "variant"),
    ("Rhee Byeong-chan", "c-lee-byeong-chan", "variant"),
    ("Pak Mi-jin", "c-park-mi-jin", "variant"),
    ("Chwe Nam-ra", "c-choi-nam-ra", "variant"),
    ("Youn Gwi-nam", "c-yoon-gwi-nam", "variant"),
    ("Lim Jae-hyuk", "p-im-jae-hyuk", "variant"),
    ("An Jee-ho", "p-ahn-ji-ho", "variant"),
    ("Jeong Yi-seo", "p-jung-yi-seo", "variant"),
    ("Sohn Sang-yeon", "p-son-sang-yeon", "variant"),
    ("Suh Hyo-ryung", "c-seo-hyo-ryung", "variant"),
    ("Cheon Sung-il", "p-chun-sung-il", "variant"),
    ("Yu Jun-seong", "c-yoo-jun-seong", "exact"),  # the generated RR
    # either order
    ("Chan-young Yoon", "p-yoon-chan-young", "exact"),
    ("Su-hyuk Lee", "c-lee-su-hyeok", "variant"),
    ("Gwinam Youn", "c-yoon-gwi-nam", "variant"),
    # hyphens, spaces, case, full-width, run-together
    ("lee cheong san", "c-lee-cheong-san", "exact"),
    ("LEE-CHEONG-SAN", "c-lee-cheong-san", "exact"),
    ("Ｎａｍ Ｏｎ－ｊｏ", "c-nam-on-jo", "exact"),
    ("Nam\u3000On\u2010jo", "c-nam-on-jo", "exact"),
    ("leecheongsan", "c-lee-cheong-san", "exact"),
    ("leechungsan", "c-lee-cheong-san", "variant"),
    ("chanyoungyun", "p-yoon-chan-young", "variant"),
    # McCune-Reischauer breves and apostrophes
    ("Kim Pyŏng-ch'ŏl", "p-kim-byung-chul", "variant"),
    ("Ch'oe Nam-ra", "c-choi-nam-ra", "exact"),
    ("Yi Ch’ŏng-san", "c-lee-cheong-san", "variant"),
    ("Han Kyŏng-su", "c-han-gyeong-su", "variant"),
    # Hangul
    ("이수혁", "c-lee-su-hyeok", "hangul"),
    ("수혁", "c-lee-su-hyeok", "given"),
    (NAM_ON_JO_NFD, "c-nam-on-jo", "hangul"),
    # jamo while typing (as an IME shows them)
    ("남옩", "c-nam-on-jo", "prefix"),
    ("잋", "c-lee-cheong-san", "prefix"),
    ("최남", "c-choi-nam-ra", "prefix"),
    ("최남ㄹ", "c-choi-nam-ra", "initials"),  # a full-length mixed pattern
    ("윤구", "c-yoon-gwi-nam", "prefix"),
    ("ㄴㅏㅁㅇㅗ", "c-nam-on-jo", "prefix"),
    # initials
    ("ㄴㅇㅈ", "c-nam-on-jo", "initials"),
    ("ㅇㅅㅎ", "c-lee-su-hyeok", "initials"),
    ("ㄴㅇ조", "c-nam-on-jo", "initials"),
    # typos
    ("Lomn", "p-lomon", "typo"),
    ("Cheongsam", "c-lee-cheong-san", "typo"),
    ("Nam-ruh", "c-choi-nam-ra", "typo"),
    ("Hyo Rung", "c-seo-hyo-ryung", "typo"),
    ("Yoon Chang Young", "p-yoon-chan-young", "typo"),
    ("Lee Byeong-chun", "c-lee-byeong-chan", "typo"),
    ("조이헌", "p-cho-yi-hyun", "typo"),
]
