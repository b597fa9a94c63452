"""A hand-written cast list for the search tests.

Names and Hangul are the show's credited cast and characters. Aliases are kept
to what rules cannot derive (a legal name, known misspellings, Hangul forms),
so the ranking tests exercise the rules rather than a list of spellings.
``RECORDS``, ``INDEX`` and ``BY_ID`` are what the search tests import.
"""

from __future__ import annotations

from aodcli.search import NameIndex, NameRecord


def _r(
    rid: str,
    name: str,
    family: str | None,
    hangul: str | None,
    order: int,
    link: str | None = None,
    aliases: tuple[tuple[str, str], ...] = (),
) -> NameRecord:
    kind = "person" if rid.startswith("p-") else "character"
    fam_h = hangul[0] if hangul and family else None
    return NameRecord(rid, kind, name, family, hangul, fam_h, aliases, order, link)


CHARACTERS = [
    _r("c-lee-cheong-san", "Lee Cheong-san", "Lee", "이청산", 1, "Yoon Chan-young"),
    _r("c-nam-on-jo", "Nam On-jo", "Nam", "남온조", 2, "Park Ji-hu"),
    _r("c-choi-nam-ra", "Choi Nam-ra", "Choi", "최남라", 3, "Cho Yi-hyun",
       (("Choi Nam-era", "error"), ("남라", "hangul"))),
    _r("c-lee-su-hyeok", "Lee Su-hyeok", "Lee", "이수혁", 4, "Lomon",
       (("Lee Su-took", "error"),)),
    _r("c-yoon-gwi-nam", "Yoon Gwi-nam", "Yoon", "윤귀남", 5, "Yoo In-soo"),
    _r("c-lee-na-yeon", "Lee Na-yeon", "Lee", "이나연", 6, "Lee Yoo-mi"),
    _r("c-lee-byeong-chan", "Lee Byeong-chan", "Lee", "이병찬", 7, "Kim Byung-chul",
       (("Lee Byeong-chu", "error"),)),
    _r("c-song-jae-ik", "Song Jae-ik", "Song", "송재익", 8, "Lee Kyu-hyung",
       (("Song Jae-il", "error"),)),
    _r("c-nam-so-ju", "Nam So-ju", "Nam", None, 9, "Jeon Bae-soo"),
    _r("c-yang-dae-su", "Yang Dae-su", "Yang", "양대수", 10, "Im Jae-hyuk"),
    _r("c-jang-ha-ri", "Jang Ha-ri", "Jang", "장하리", 11, "Ha Seung-ri"),
    _r("c-jang-woo-jin", "Jang Woo-jin", "Jang", "장우진", 12, "Son Sang-yeon"),
    _r("c-seo-hyo-ryung", "Seo Hyo-ryung", "Seo", "서효령", 13, "Kim Bo-yoon"),
    _r("c-park-mi-jin", "Park Mi-jin", "Park", "박미진", 14, "Lee Eun-saem"),
    _r("c-han-gyeong-su", "Han Gyeong-su", "Han", "한경수", 15, "Ham Sung-min",
       (("Gyeong-san", "error"),)),
    _r("c-yoon-i-sak", "Yoon I-sak", "Yoon", "윤이삭", 16, "Kim Joo-ah"),
    _r("c-kim-ji-min", "Kim Ji-min", "Kim", "김지민", 17, "Kim Jin-young"),
    _r("c-kim-hyeon-ju", "Kim Hyeon-ju", "Kim", "김현주", 18, "Jung Yi-seo"),
    _r("c-lee-jin-su", "Lee Jin-su", "Lee", "이진수", 19, "Lee Min-goo"),
    _r("c-min-eun-ji", "Min Eun-ji", "Min", "민은지", 20, "Oh Hye-soo"),
    _r("c-kim-cheol-su", "Kim Cheol-su", "Kim", "김철수", 21, "Ahn Ji-ho"),
    _r("c-park-sun-hwa", "Park Sun-hwa", "Park", "박선화", 22, "Lee Sang-hee",
       (("Ms. Park", "short"),)),
    _r("c-oh-joon-yeong", "Oh Joon-yeong", "Oh", "오준영", 23, "Ahn Seung-gyun"),
    _r("c-jung-min-jae", "Jung Min-jae", "Jung", "정민재", 24, "Jin Ho-eun"),
    _r("c-yoo-jun-seong", "Yoo Jun-seong", "Yoo", "유준성", 25, "Yang Han-yeol"),
    _r("c-park-hee-su", "Park Hee-su", "Park", "박희수", 26, "Lee Chae-eun"),
    _r("c-jin-seon-mu", "Jin Seon-mu", "Jin", None, 27, "Kim Jong-tae"),
    _r("c-park-eun-hee", "Park Eun-hee", "Park", "박은희", 28, "Bae Hae-sun"),
    _r("c-orangibberish", "Orangibberish", None, None, 29, "Lee Si-hoon"),
    _r("c-maru", "Maru", None, "마루", 30, "Lee Min-jae"),
    _r("c-ju-ran", "Ju-ran", None, "주란", 31, "Kim Si-eun"),
    _r("c-han-du-seok", "Han Du-seok", "Han", "한두석", 32, "Roh Jae-won"),
    _r("c-jong-a", "Jong-a", None, "종아", 33, "Yoon Ga-i"),
]  # fmt: skip

PEOPLE = [
    _r("p-yoon-chan-young", "Yoon Chan-young", "Yoon", "윤찬영", 1, "Lee Cheong-san"),
    _r("p-park-ji-hu", "Park Ji-hu", "Park", "박지후", 2, "Nam On-jo",
       (("Park Ji-hoo", "spelling"),)),
    _r("p-cho-yi-hyun", "Cho Yi-hyun", "Cho", "조이현", 3, "Choi Nam-ra",
       (("Cho Yu-hyun", "error"), ("Choi Yi Hyun", "error"))),
    _r("p-lomon", "Lomon", None, "로몬", 4, "Lee Su-hyeok",
       (("Park Solomon", "legal"), ("박솔로몬", "legal"), ("Park Solomn", "error"))),
    _r("p-yoo-in-soo", "Yoo In-soo", "Yoo", "유인수", 5, "Yoon Gwi-nam"),
    _r("p-lee-yoo-mi", "Lee Yoo-mi", "Lee", "이유미", 6, "Lee Na-yeon"),
    _r("p-kim-byung-chul", "Kim Byung-chul", "Kim", "김병철", 7, "Lee Byeong-chan"),
    _r("p-lee-kyu-hyung", "Lee Kyu-hyung", "Lee", None, 8, "Song Jae-ik"),
    _r("p-jeon-bae-soo", "Jeon Bae-soo", "Jeon", None, 9, "Nam So-ju"),
    _r("p-im-jae-hyuk", "Im Jae-hyuk", "Im", "임재혁", 10, "Yang Dae-su"),
    _r("p-ha-seung-ri", "Ha Seung-ri", "Ha", "하승리", 11, "Jang Ha-ri"),
    _r("p-son-sang-yeon", "Son Sang-yeon", "Son", "손상연", 12, "Jang Woo-jin"),
    _r("p-kim-bo-yoon", "Kim Bo-yoon", "Kim", "김보윤", 13, "Seo Hyo-ryung"),
    _r("p-lee-eun-saem", "Lee Eun-saem", "Lee", "이은샘", 14, "Park Mi-jin"),
    _r("p-ham-sung-min", "Ham Sung-min", "Ham", "함성민", 15, "Han Gyeong-su"),
    _r("p-kim-joo-ah", "Kim Joo-ah", "Kim", "김주아", 16, "Yoon I-sak"),
    _r("p-kim-jin-young", "Kim Jin-young", "Kim", "김진영", 17, "Kim Ji-min"),
    _r("p-jung-yi-seo", "Jung Yi-seo", "Jung", "정이서", 18, "Kim Hyeon-ju",
       (("Jo Yi-seo", "error"),)),
    _r("p-lee-min-goo", "Lee Min-goo", "Lee", "이민구", 19, "Lee Jin-su"),
    _r("p-oh-hye-soo", "Oh Hye-soo", "Oh", "오혜수", 20, "Min Eun-ji"),
    _r("p-ahn-ji-ho", "Ahn Ji-ho", "Ahn", "안지호", 21, "Kim Cheol-su"),
    _r("p-lee-sang-hee", "Lee Sang-hee", "Lee", None, 22, "Park Sun-hwa"),
    _r("p-ahn-seung-gyun", "Ahn Seung-gyun", "Ahn", "안승균", 23, "Oh Joon-yeong"),
    _r("p-jin-ho-eun", "Jin Ho-eun", "Jin", "진호은", 24, "Jung Min-jae"),
    _r("p-yang-han-yeol", "Yang Han-yeol", "Yang", "양한열", 25, "Yoo Jun-seong"),
    _r("p-lee-chae-eun", "Lee Chae-eun", "Lee", None, 26, "Park Hee-su"),
    _r("p-kim-jong-tae", "Kim Jong-tae", "Kim", None, 27, "Jin Seon-mu"),
    _r("p-bae-hae-sun", "Bae Hae-sun", "Bae", None, 28, "Park Eun-hee"),
    _r("p-lee-si-hoon", "Lee Si-hoon", "Lee", None, 29, "Orangibberish"),
    _r("p-lee-jae-kyoo", "Lee Jae-kyoo", "Lee", "이재규", 1000, None,
       (("Lee JQ", "stage"), ("Lee Jae-gyu", "spelling"))),
    _r("p-kim-nam-su", "Kim Nam-su", "Kim", "김남수", 1000, None,
       (("Kim Nam-soo", "spelling"),)),
    _r("p-chun-sung-il", "Chun Sung-il", "Chun", "천성일", 1000, None),
    _r("p-joo-dong-geun", "Joo Dong-geun", "Joo", "주동근", 1000, None),
    _r("p-lee-min-jae", "Lee Min-jae", "Lee", "이민재", 30, "Maru"),
    _r("p-kim-si-eun", "Kim Si-eun", "Kim", "김시은", 31, "Ju-ran"),
    _r("p-roh-jae-won", "Roh Jae-won", "Roh", "노재원", 32, "Han Du-seok"),
    _r("p-yoon-ga-i", "Yoon Ga-i", "Yoon", "윤가이", 33, "Jong-a"),
]  # fmt: skip

RECORDS = CHARACTERS + PEOPLE
INDEX = NameIndex(RECORDS)
BY_ID = {r.id: r for r in RECORDS}
