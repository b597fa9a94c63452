"""Make the README's SVG screenshots from real runs of `aod`.

Each picture is a real command run in a fresh user-data folder with colours
forced on; its ANSI output goes through Rich's own SVG export. Run it from the
checkout after changing the output:

    python docs/make_screenshots.py            # every picture
    python docs/make_screenshots.py browse     # only those whose name starts with "browse"
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "img"
WIDTH = 100

SETUP = [
    ["watch", "1-3", "--at", "2026-11-14T20:00:00Z"],
    ["watch", "4-5", "--at", "2026-11-15T21:00:00Z"],
    ["rate", "1", "8"],
    ["rate", "3", "10"],
    ["rate", "5", "9"],
]
SHOTS = {
    "dashboard": [],
    "episodes": ["episodes"],
    "characters": ["characters", "--group", "class-2-5"],
    "search": ["search", "Soo-hyuk"],
    "search-lee": ["search", "lee", "--in", "characters"],
    "stats": ["stats"],
    "error": ["episode", "1-x3"],
    # in Korean (AOD_LANG=ko): a name ending in -ko
    "dashboard-ko": [],
    "episodes-ko": ["episodes"],
    "episode-ko": ["episode", "3"],
}


def aod(args: list[str], env: dict[str, str]) -> str:
    run = subprocess.run([sys.executable, "-m", "aodcli", *args], env=env, capture_output=True, text=True)
    return run.stdout + run.stderr


def main(only: list[str]) -> None:
    def wanted(name: str) -> bool:
        return not only or any(name.startswith(prefix) for prefix in only)

    from rich.console import Console
    from rich.text import Text

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, AOD_DATA_DIR=data, FORCE_COLOR="1", COLUMNS=str(WIDTH), TZ="UTC")
        env.pop("NO_COLOR", None)
        for args in SETUP:
            aod(args, env)
        for name, args in SHOTS.items():
            if not wanted(name):
                continue
            output = aod(args, {**env, "AOD_LANG": "ko"} if name.endswith("-ko") else env)
            console = Console(record=True, width=WIDTH, force_terminal=True, file=open(os.devnull, "w"))
            console.print(Text("$ aod " + " ".join(args), style="bold green"))
            console.print(Text.from_ansi(output.rstrip("\n")))
            target = OUT / f"{name}.svg"
            console.save_svg(str(target), title=f"aod {' '.join(args)}".strip())
            print(f"wrote {target.relative_to(HERE.parent)}")
        for name, lang in CARDS:  # `aod card` draws its own picture
            if wanted(name):
                aod(["card", "-o", str(OUT / f"{name}.svg")], {**env, "AOD_LANG": lang})
                print(f"wrote {(OUT / f'{name}.svg').relative_to(HERE.parent)}")
        browse_shots(data, [b for b in BROWSE if wanted(b[0])])


#: `aod card` pictures: (file name, language).
CARDS = [("card", "en"), ("card-ko", "ko")]


#: `aod browse` pictures: (file name, keys pressed after it opens), at 100×30.
BROWSE = [("browse", ["j", "j", "j"]), ("browse-search", ["slash", *"soo-hyuk"])]


def browse_shots(data: str, shots: list[tuple[str, list[str]]]) -> None:
    """Screenshots of `aod browse`, by Textual's own SVG export of the headless app."""
    if not shots:
        return
    import asyncio

    os.environ.update(AOD_DATA_DIR=data, TZ="UTC")
    os.environ.pop("NO_COLOR", None)
    from aodcli.browse.app import BrowseApp
    from aodcli.browse.state import Guide
    from aodcli.pack import load_pack

    async def shoot(name: str, keys: list[str]) -> None:
        app = BrowseApp(Guide(load_pack(None)))
        app.animation_level = "none"
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            target = OUT / f"{name}.svg"
            target.write_text(app.export_screenshot(title="aod browse"), encoding="utf-8")
            print(f"wrote {target.relative_to(HERE.parent)}")

    for name, keys in shots:
        asyncio.run(shoot(name, keys))


if __name__ == "__main__":
    main(sys.argv[1:])
