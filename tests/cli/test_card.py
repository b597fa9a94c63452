"""`aod card`: a small SVG picture of your progress to share, well-formed, localised, spoiler-free."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from ..support.helpers import BUNDLED, aod, copy_pack, edit_json, fails, ok

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    """Every text of the picture, in order (parsing proves it well-formed XML)."""
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def _no_active_content(svg: str) -> None:
    root = ET.fromstring(svg.encode("utf-8"))
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {"svg", "title", "g", "rect", "text"}, tags
    attributes = {name for el in root.iter() for name in el.attrib}
    assert not any("href" in name or name.startswith("on") for name in attributes), attributes
    assert not any("http" in value for el in root.iter() for value in el.attrib.values())


def _history(frozen) -> None:
    frozen("2026-11-12T23:00:00")
    ok("watch", "1-3", "--at", "2026-11-10T12:00:00Z")
    ok("watch", "4", "--at", "2026-11-11T12:00:00Z")
    ok("watch", "3", "--rewatch", "--at", "2026-11-11T13:00:00Z")
    ok("rate", "2", "9")
    ok("rate", "3", "9")  # a tie with episode 2: episode 3 was watched twice, so it wins
    ok("rate", "1", "4")


def test_piped_card_is_an_svg_holding_the_figures(frozen) -> None:
    _history(frozen)
    run = ok("card")
    assert run.stderr == ""
    texts = _texts(run.stdout)
    _no_active_content(run.stdout)
    for shown in (
        "All of Us Are Dead",
        "profile default",
        "33%",
        "4 of 12 episodes",
        "Time watched",
        "4 h 29 min",  # 66 + 70 + 62 + 71 minutes, a rewatch not counted twice
        "7 h 39 min left",
        "Longest streak",
        "2 days",
        "Favourite episode",
        "S01E03",
        "Episode 3 · 9/10",
    ):
        assert shown in texts, (shown, texts)


def test_json_gives_the_figures_of_the_card(frozen) -> None:
    _history(frozen)
    data = ok("card", "--json").json()
    assert data == {
        "show": "all-of-us-are-dead",
        "profile": "default",
        "watched": 4,
        "total": 12,
        "percent": 33.3,
        "minutes_watched": 66 + 70 + 62 + 71,
        "minutes_left": data["minutes_left"],
        "longest_streak_days": 2,
        "favourite": {"code": "S01E03", "title": "Episode 3", "score": 9, "times_watched": 2, "chosen_by": "score"},
    }
    assert data["minutes_left"] == ok("progress", "--json").json()["minutes_left"]


def test_a_tie_in_scores_and_viewings_goes_to_the_earliest_episode() -> None:
    ok("watch", "1-4")
    ok("rate", "4", "8")
    ok("rate", "2", "8")
    assert ok("card", "--json").json()["favourite"]["code"] == "S01E02"


def test_with_nothing_rated_the_card_shows_the_most_rewatched_episode_or_says_none() -> None:
    ok("watch", "1-3")
    assert ok("card", "--json").json()["favourite"] is None
    texts = _texts(ok("card").stdout)
    assert "Favourite episode" in texts and "none rated yet" in texts
    ok("watch", "2", "--rewatch")
    ok("watch", "2", "--rewatch")
    favourite = ok("card", "--json").json()["favourite"]
    assert favourite == {
        "code": "S01E02",
        "title": "Episode 2",
        "score": None,
        "times_watched": 3,
        "chosen_by": "rewatches",
    }
    texts = _texts(ok("card").stdout)
    assert "Most rewatched" in texts and "Episode 2 · watched 3 times" in texts


def test_a_score_given_ahead_never_puts_a_later_episode_on_the_card() -> None:
    ok("watch", "1-2")
    ok("rate", "9", "10")  # allowed, with a warning: episode 9 is past the horizon
    ok("rate", "1", "6")
    out = ok("card").stdout + ok("card", "--json").stdout + ok("card", env={"FORCE_COLOR": "1"}).stdout
    assert "S01E09" not in out and "Episode 9" not in out
    assert ok("card", "--json").json()["favourite"]["code"] == "S01E01"


def test_an_empty_history_draws_a_card_of_nothing_yet() -> None:
    texts = _texts(ok("card").stdout)
    assert "0%" in texts and "0 of 12 episodes" in texts and "0 days" in texts


def test_on_a_terminal_the_card_shows_its_figures_and_how_to_draw_it() -> None:
    ok("watch", "1")
    run = ok("card", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "80"})
    assert "<svg" not in run.stdout
    assert "Time watched" in run.stdout and "1 h 06 min" in run.stdout and "1 day in a row" in run.stdout
    assert "aod card -o card.svg" in run.stdout
    drawn = ok("card", "-o", "-", env={"FORCE_COLOR": "1"})  # - is stdout, terminal or not
    assert "1 h 06 min" in _texts(drawn.stdout)


def test_o_writes_the_picture_and_says_where(tmp_path: Path) -> None:
    ok("watch", "1-2")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "card.svg"
    target.write_text("an older card", encoding="utf-8")
    target.chmod(0o644)
    run = ok("card", "-o", str(target))
    assert run.stdout == ""
    assert run.stderr == f"Drew the card of profile default to {target}\n"
    assert "2 of 12 episodes" in _texts(target.read_text(encoding="utf-8"))
    assert target.stat().st_mode & 0o777 == 0o644  # replaced, keeping its mode
    assert sorted(p.name for p in target.parent.iterdir()) == ["card.svg"]  # no temp file left


def test_o_follows_a_symlink_and_keeps_the_link(tmp_path: Path) -> None:
    ok("watch", "1")
    real = tmp_path / "real.svg"
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    ok("card", "-o", str(link))
    assert link.is_symlink() and "1 of 12 episodes" in _texts(real.read_text(encoding="utf-8"))


def test_json_with_o_writes_the_picture_and_prints_the_figures(tmp_path: Path) -> None:
    ok("watch", "1")
    target = tmp_path / "card.svg"
    run = ok("card", "-o", str(target), "--json")
    assert run.json()["watched"] == 1
    assert "1 of 12 episodes" in _texts(target.read_text(encoding="utf-8"))


def test_bad_targets_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    ok("watch", "1")
    data = Path(os.environ["AOD_DATA_DIR"])
    before = sorted(p.name for p in tmp_path.iterdir())
    assert "e.g. " + str(tmp_path / "card.svg") in fails(2, "card", "-o", str(tmp_path)).stderr
    assert "inside aod's data folder" in fails(2, "card", "-o", str(data / "card.svg")).stderr
    assert "give a file name" in fails(2, "card", "-o", "").stderr
    assert "give one" in fails(2, "card", "-o", "-", "--json").stderr
    fails(1, "card", "-o", str(tmp_path / "no-such-folder" / "card.svg"))
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not (data / "card.svg").exists()


def test_an_unreadable_store_draws_no_card(tmp_path: Path) -> None:
    ok("watch", "1")
    store = Path(os.environ["AOD_DATA_DIR"]) / "store.json"
    store.write_text("{ not json", encoding="utf-8")
    for backup in (store.parent / "backups").glob("*"):
        backup.unlink()
    target = tmp_path / "card.svg"
    run = aod("card", "-o", str(target))
    assert run.code == 1 and run.stderr.startswith("Error: "), run.stderr
    assert not target.exists()


def test_hostile_titles_and_notes_cannot_add_markup(tmp_path: Path) -> None:
    pack = copy_pack(BUNDLED, tmp_path / "pack")
    hostile_show = '</text><script>alert(1)</script><text x="0">&amp;'
    hostile_episode = '"/><a href=x>&'

    def show(doc: dict) -> None:
        doc["title"]["en"] = hostile_show

    def episodes(doc: dict) -> None:
        doc["episodes"][0]["title"] = hostile_episode

    edit_json(pack / "show.json", show)
    edit_json(pack / "episodes.json", episodes)
    env = {"AOD_SHOW": str(pack)}
    ok("watch", "1", env=env)
    ok("rate", "1", "10", env=env)
    ok("note", "1", "<script>alert(2)</script>", env=env)
    svg = ok("card", env=env).stdout
    _no_active_content(svg)
    texts = _texts(svg)
    assert any(t.startswith("</text><script>") for t in texts), texts  # shown as text, perhaps cut to fit
    assert f"{hostile_episode} · 10/10" in texts
    assert "alert(2)" not in svg  # notes are not on the card at all


def test_a_long_title_is_made_smaller_then_cut_to_fit(tmp_path: Path) -> None:
    pack = copy_pack(BUNDLED, tmp_path / "pack")

    def show(doc: dict) -> None:
        doc["title"]["ko"] = "지금 우리 학교는" * 6

    edit_json(pack / "show.json", show)
    svg = ok("card", env={"AOD_SHOW": str(pack), "AOD_LANG": "ko"}).stdout
    title = ET.fromstring(svg.encode("utf-8")).find(f"{SVG}g/{SVG}text")
    assert title is not None and title.text is not None
    assert title.text.startswith("지금 우리 학교는") and title.text.endswith("…")
    assert float(title.get("font-size", "0")) >= 18


def test_the_card_speaks_korean(tmp_path: Path) -> None:
    ok("watch", "1-3")
    ok("rate", "2", "9")
    run = ok("card", env={"AOD_LANG": "ko"})
    root = ET.fromstring(run.stdout.encode("utf-8"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"
    texts = _texts(run.stdout)
    korean = ("지금 우리 학교는", "프로필 default", "에피소드 12개 중 3개", "시청 시간", "3시간 18분")
    korean += ("최애 에피소드", "2화")
    for shown in korean:
        assert shown in texts, (shown, texts)
    assert not any(word in " ".join(texts) for word in ("Time", "Favourite", "Longest", "episodes", "profile"))
    done = ok("card", "-o", str(tmp_path / "card.svg"), env={"AOD_LANG": "ko"})
    assert done.stderr == f"프로필 default의 카드를 {tmp_path / 'card.svg'}에 그렸습니다\n"
