"""How Netflix words an episode's title in each interface language: the one table.

A Netflix history names an episode ``SHOW: SEASON: EPISODE`` in the profile's
language, and a supplemental video (trailer, teaser, clip) ``EXTRA: SHOW``,
the show last. The season and episode parts are a word and a number in either
order (``Season 1``, ``Temporada 1``, ``1. Sezon``, ``1. řada``, ``시즌 1``),
or the CJK ``第1季`` / ``1화`` forms; the episode part may be a title with the
number in brackets (``Episodio 1 (Capítulo 1)``, ``1. Bölüm (Bölüm 1)``,
``"Pilot" (Episode 1)``): the number in brackets wins.

:data:`LANGUAGES` lists each language's words; the patterns, docs/import.md's
list and the tests' generated rows all derive from it. ``sample`` is how the
language writes S1E3 (``{show}``, ``{s}``, ``{e}``) and ``trailer`` a season's
trailer, as the tests generate them. Words are matched case-folded and NFKC
(full-width digits read as digits), so a row in any case reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # BCP 47, as the pack's localised titles are tagged
    name: str  # in English, for docs/import.md
    season: tuple[str, ...]
    episode: tuple[str, ...]
    extras: tuple[str, ...]
    sample: str
    trailer: str


LANGUAGES: tuple[Language, ...] = (
    Language(
        "en",
        "English",
        ("season", "series", "part", "limited series", "miniseries"),
        ("episode", "ep.", "ep", "chapter"),
        ("trailer", "teaser", "clip", "recap", "featurette", "behind the scenes"),
        "{show}: Season {s}: Episode {e}",
        "Season {s} Trailer: {show}",
    ),
    Language(
        "es",
        "Spanish",
        ("temporada", "parte", "miniserie", "serie limitada"),
        ("episodio", "capítulo", "capitulo", "cap."),
        ("tráiler", "trailer", "avance", "adelanto", "clip", "teaser"),
        "{show}: Temporada {s}: Episodio {e} (Capítulo {e})",
        "Temporada {s} (Tráiler): {show}",
    ),
    Language(
        "pt",
        "Portuguese",
        ("temporada", "parte", "minissérie", "série limitada"),
        ("episódio", "episodio", "capítulo", "ep."),
        ("trailer", "teaser", "clipe", "prévia", "previa", "apresentação"),
        "{show}: Temporada {s}: Episódio {e}",
        "Temporada {s} (Trailer): {show}",
    ),
    Language(
        "fr",
        "French",
        ("saison", "partie", "minisérie", "série limitée"),
        ("épisode", "episode", "chapitre", "ép."),
        ("bande-annonce", "bande annonce", "extrait", "teaser", "clip"),
        "{show} : Saison {s} : Épisode {e}",
        "Saison {s} (Extrait) : {show}",
    ),
    Language(
        "de",
        "German",
        ("staffel", "teil", "miniserie", "limitierte serie"),
        ("folge", "episode", "kapitel"),
        ("trailer", "teaser", "clip", "vorschau"),
        "{show}: Staffel {s}: Folge {e}",
        "Staffel {s} (Trailer): {show}",
    ),
    Language(
        "it",
        "Italian",
        ("stagione", "parte", "miniserie", "serie limitata"),
        ("episodio", "capitolo", "ep."),
        ("trailer", "teaser", "clip", "anteprima"),
        "{show}: Stagione {s}: Episodio {e}",
        "Stagione {s} (Trailer): {show}",
    ),
    Language(
        "nl",
        "Dutch",
        ("seizoen", "deel", "miniserie"),
        ("aflevering", "episode", "hoofdstuk"),
        ("trailer", "teaser", "clip", "fragment"),
        "{show}: Seizoen {s}: Aflevering {e}",
        "Seizoen {s} (Trailer): {show}",
    ),
    Language(
        "tr",
        "Turkish",
        ("sezon", "kısım", "mini dizi"),
        ("bölüm", "bolum", "kısım"),
        ("fragman", "kısa video", "tanıtım", "klip"),
        "{show}: {s}. Sezon: {e}. Bölüm (Bölüm {e})",
        "{s}. Sezon (Kısa Video): {show}",
    ),
    Language(
        "pl",
        "Polish",
        ("sezon", "część", "miniserial"),
        ("odcinek", "rozdział", "odc."),
        ("zwiastun", "zapowiedź", "klip", "teaser"),
        "{show}: Sezon {s}: Odcinek {e}",
        "Sezon {s} (Zwiastun): {show}",
    ),
    Language(
        "cs",
        "Czech",
        ("řada", "série", "sezóna", "část"),
        ("díl", "epizoda", "kapitola"),
        ("upoutávka", "trailer", "ukázka", "klip"),
        "{show}: {s}. řada: {e}. díl",
        "{s}. řada (Upoutávka): {show}",
    ),
    Language(
        "sk",
        "Slovak",
        ("séria", "sezóna", "časť"),
        ("diel", "epizóda", "časť"),
        ("trailer", "upútavka", "ukážka"),
        "{show}: {s}. séria: {e}. diel",
        "{s}. séria (Upútavka): {show}",
    ),
    Language(
        "hu",
        "Hungarian",
        ("évad", "rész"),
        ("rész", "epizód", "fejezet"),
        ("előzetes", "trailer", "klip", "ízelítő"),
        "{show}: {s}. évad: {e}. rész",
        "{s}. évad (Előzetes): {show}",
    ),
    Language(
        "ro",
        "Romanian",
        ("sezonul", "sezon", "partea"),
        ("episodul", "episod", "capitolul"),
        ("trailer", "teaser", "clip"),
        "{show}: Sezonul {s}: Episodul {e}",
        "Sezonul {s} (Trailer): {show}",
    ),
    Language(
        "sv",
        "Swedish",
        ("säsong", "del", "miniserie"),
        ("avsnitt", "kapitel"),
        ("trailer", "teaser", "klipp"),
        "{show}: Säsong {s}: Avsnitt {e}",
        "Säsong {s} (Trailer): {show}",
    ),
    Language(
        "da",
        "Danish",
        ("sæson", "del", "miniserie"),
        ("afsnit", "episode", "kapitel"),
        ("trailer", "teaser", "klip"),
        "{show}: Sæson {s}: Afsnit {e}",
        "Sæson {s} (Trailer): {show}",
    ),
    Language(
        "nb",
        "Norwegian",
        ("sesong", "del", "miniserie"),
        ("episode", "kapittel"),
        ("trailer", "teaser", "klipp"),
        "{show}: Sesong {s}: Episode {e}",
        "Sesong {s} (Trailer): {show}",
    ),
    Language(
        "fi",
        "Finnish",
        ("kausi", "osa"),
        ("jakso", "luku"),
        ("traileri", "teaser", "klippi", "ennakko"),
        "{show}: Kausi {s}: Jakso {e}",
        "Kausi {s} (Traileri): {show}",
    ),
    Language(
        "el",
        "Greek",
        ("σεζόν", "κύκλος", "μέρος"),
        ("επεισόδιο", "κεφάλαιο"),
        ("τρέιλερ", "trailer", "απόσπασμα"),
        "{show}: Σεζόν {s}: Επεισόδιο {e}",
        "Σεζόν {s} (Τρέιλερ): {show}",
    ),
    Language(
        "ru",
        "Russian",
        ("сезон", "часть"),
        ("серия", "эпизод", "глава"),
        ("трейлер", "тизер", "клип", "отрывок"),
        "{show}: Сезон {s}: Серия {e}",
        "Сезон {s} (Трейлер): {show}",
    ),
    Language(
        "uk",
        "Ukrainian",
        ("сезон", "частина"),
        ("серія", "епізод", "розділ"),
        ("трейлер", "тизер", "кліп"),
        "{show}: Сезон {s}: Серія {e}",
        "Сезон {s} (Трейлер): {show}",
    ),
    Language(
        "he",
        "Hebrew",
        ("עונה", "חלק"),
        ("פרק",),
        ("טריילר", "קדימון", "קליפ"),
        "{show}: עונה {s}: פרק {e}",
        "עונה {s} (טריילר): {show}",
    ),
    Language(
        "ar",
        "Arabic",
        ("الموسم", "الجزء"),
        ("الحلقة", "الفصل"),
        ("إعلان", "مقطع دعائي", "مقطع"),
        "{show}: الموسم {s}: الحلقة {e}",
        "الموسم {s} (إعلان): {show}",
    ),
    Language(
        "id",
        "Indonesian",
        ("musim", "season", "bagian"),
        ("episode", "episodi", "bab"),
        ("trailer", "cuplikan", "teaser", "klip"),
        "{show}: Musim {s}: Episode {e}",
        "Musim {s} (Trailer): {show}",
    ),
    Language(
        "vi",
        "Vietnamese",
        ("mùa", "phần"),
        ("tập", "chương"),
        ("đoạn giới thiệu", "trailer", "đoạn phim"),
        "{show}: Mùa {s}: Tập {e}",
        "Mùa {s} (Đoạn giới thiệu): {show}",
    ),
    Language(
        "th",
        "Thai",
        ("ซีซั่น", "ซีซัน", "ภาค"),
        ("ตอนที่", "ตอน", "บทที่"),
        ("ตัวอย่าง", "ตัวอย่างภาพยนตร์", "คลิป"),
        "{show}: ซีซั่น {s}: ตอนที่ {e}",
        "ซีซั่น {s} (ตัวอย่าง): {show}",
    ),
    Language(
        "ko",
        "Korean",
        ("시즌", "파트", "기"),
        ("에피소드", "화", "회", "편"),
        ("예고편", "티저", "클립", "미리보기"),
        "{show}: 시즌 {s}: {e}화",
        "시즌 {s} 예고편: {show}",
    ),
    Language(
        "ja",
        "Japanese",
        ("シーズン", "パート"),
        ("エピソード", "話"),
        ("予告編", "ティーザー", "クリップ", "予告"),
        "{show}: シーズン{s}: エピソード{e}",
        "シーズン{s} 予告編: {show}",
    ),
    Language(
        "zh",
        "Chinese",
        ("季", "部"),
        ("集", "話", "话"),
        ("預告", "预告", "預告片", "预告片", "花絮", "片段"),
        "{show}：第 {s} 季：第 {e} 集",
        "第 {s} 季預告：{show}",
    ),
)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _alternation(words: set[str]) -> str:
    # longest first, so "limited series" is tried before "series" and "ตอนที่" before "ตอน"
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_SEASON = _alternation({_fold(w) for lang in LANGUAGES for w in lang.season})
_EPISODE = _alternation({_fold(w) for lang in LANGUAGES for w in lang.episode})
_EXTRA = _alternation({_fold(w) for lang in LANGUAGES for w in lang.extras})
_N = r"(\d{1,3})"

#: A season part: ``season 1``, ``1. sezon``, ``시즌1``, ``第1季``, ``1기``.
SEASON_RE = re.compile(rf"(?:{_SEASON})\s*{_N}|{_N}\s*\.?\s*(?:{_SEASON})|第\s*{_N}\s*(?:{_SEASON})")
#: An episode part: ``episode 3``, ``3. bölüm``, ``3화``, ``第3集``, ``エピソード3``.
EPISODE_RE = re.compile(rf"(?:{_EPISODE})\s*{_N}|{_N}\s*\.?\s*(?:{_EPISODE})|第\s*{_N}\s*(?:{_EPISODE})")
#: An episode part's number in brackets: ``… (capítulo 3)``, ``… (bölüm 3)``, ``"pilot" (episode 3)``.
EPISODE_SUFFIX_RE = re.compile(
    rf"\s*[(（]\s*(?:(?:{_EPISODE})\s*{_N}|{_N}\s*\.?\s*(?:{_EPISODE})|第\s*{_N}\s*(?:{_EPISODE}))\s*[)）]$"
)
#: A word that makes a part an extra (``(tráiler)``, ``kısa video``); whole words only.
EXTRA_RE = re.compile(rf"(?<!\w)(?:{_EXTRA})(?!\w)")


def number_of(found: re.Match[str] | None) -> int | None:
    """The number a SEASON_RE / EPISODE_RE match holds, whichever alternative matched."""
    if found is None:
        return None
    return int(next(g for g in found.groups() if g is not None))


def season_of(part: str) -> int | None:
    """The season number of a title part (folded), or None."""
    return number_of(SEASON_RE.fullmatch(part))


def episode_of(part: str) -> int | None:
    """The episode number of a title part (folded): the bracketed one first, else the part itself."""
    return number_of(EPISODE_SUFFIX_RE.search(part)) or number_of(EPISODE_RE.fullmatch(part))


def is_extra(part: str) -> bool:
    """A title part (folded) that names a trailer, teaser, clip or other extra."""
    return EXTRA_RE.search(part) is not None
