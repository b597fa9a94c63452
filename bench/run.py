"""The aodcli benchmark (SPEC §8): whole-process start-up cost against the framework floor.

Run it with the interpreter of the environment ``aod`` is installed in::

    /path/to/venv/bin/python bench/run.py            # full: warm-up 3, median of 21
    /path/to/venv/bin/python bench/run.py --quick    # about a minute: warm-up 1, median of 5

Three tiers, all timed in one run on one machine, round-robin so that drift in
machine load touches every command alike:

1. **Bundled data**: the floor app, ``python -c pass`` and ``aod`` commands on the
   bundled pack with a realistic store; each median is divided by the floor's.
   Target: everyday commands (``episodes``, ``watch 3``, ``search lee``) ≤ 1.15×
   by wall time and ≤ 0.6× by CPU time; ``aod prompt`` ≤ 3× and each Tab ≤ 4×
   ``python -c pass`` by CPU time.
2. **Scale**: the same ``aod`` commands on a generated pack (1,000 episodes,
   5,000 people and characters) with a 2,000-event store (four profiles, many
   rewatches), divided by their bundled-data medians. Target ≤ 1.5×; and the
   peak RSS of ``aod episodes`` on the large pack < 1.5× the floor's.
3. **10,000 events**: the same commands on the same pack with a 10,000-event
   store; reported, no target.

Each run is one child process: ``time.perf_counter`` around ``posix_spawn`` +
``os.wait4`` (what ``subprocess.run`` does, but ``wait4`` also returns the child's
own resource usage, hence its peak RSS), done by the tiny helper
``spawn_timer.py`` so that the benchmark's own memory does not leak into the
readings. stdin, stdout and stderr are ``/dev/null``.
Every ``aod`` run gets a fresh ``AOD_DATA_DIR`` holding a copy of a template store,
made outside the timed region. Results go to ``bench/results.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import generate

BENCH = Path(__file__).resolve().parent
FLOOR_APP = BENCH / "floor_app.py"
SPAWN_TIMER = BENCH / "spawn_timer.py"
DEFAULT_OUT = BENCH / "results.json"
DEFAULT_CACHE = BENCH / ".cache"

FLOOR_TARGET = 1.15  # everyday commands vs the floor (SPEC §8, wall clock)
EVERYDAY_CPU_TARGET = 0.6  # everyday commands vs the floor, CPU time (the fast-path issue's bar)
SCALE_TARGET = 1.5  # large pack + 2,000-event store vs bundled data (SPEC §8)
RSS_TARGET = 1.5  # peak RSS of `aod episodes` on the large pack vs the floor
EVERYDAY = ("episodes", "watch", "search")
#: The interface languages besides English each everyday command, the prompt and a Tab are timed in.
LANGUAGES = ("ko",)

#: Variables that change how Python runs; removed from the children's environment.
STRIPPED_ENV = (
    "PYTHONDONTWRITEBYTECODE",  # may be set here: every import would compile from source
    "PYTHONUNBUFFERED",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONDEVMODE",
    "PYTHONTRACEMALLOC",
    "PYTHONWARNINGS",
    "PYTHONVERBOSE",
    "PYTHONINSPECT",
    "PYTHONSTARTUP",
    "PYTHONPATH",
    "PYTHONHOME",
    "AOD_SHOW",
    "AOD_PROFILE",
    "AOD_DATA_DIR",
    "FORCE_COLOR",
)
VERSIONED = (
    "aodcli",
    "typer",
    "rich",
    "click",
    "pydantic",
    "pydantic-core",
    "platformdirs",
    "filelock",
)


@dataclass(frozen=True, slots=True)
class Mode:
    name: str
    warmup: int
    runs: int
    pack: generate.PackSpec
    store_events: int  # the scale tier's store (the target)
    big_events: int  # the third tier's store (reported, no target)


FULL = Mode("full", 3, 21, generate.PackSpec(), 2_000, 10_000)
QUICK = Mode("quick", 1, 5, generate.PackSpec(seasons=4, episodes=200, people=500, characters=500), 2_000, 10_000)


@dataclass(slots=True)
class Case:
    """One command line to time."""

    key: str  # "floor", "episodes", "scale:episodes" …
    label: str  # what the table shows
    argv: list[str]
    store: Path | None = None  # template copied into a fresh AOD_DATA_DIR before every run
    env: dict[str, str] = field(default_factory=dict)
    optional: bool = False  # a failing command is skipped with a note, not an error
    writes: bool = False  # the store must change (checked once, untimed)
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # user + system time of the child
    rss_kb: list[int] = field(default_factory=list)
    note: str | None = None  # why it was skipped, or what went wrong

    @property
    def ok(self) -> bool:
        return self.note is None and bool(self.times_ms)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_ms)

    @property
    def rss_median(self) -> float:
        return statistics.median(self.rss_kb)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label,
            "argv": [_show_arg(a) for a in self.argv],
            "env": {k: _show_arg(v) for k, v in self.env.items()},
            "store": _show_arg(str(self.store)) if self.store else None,
            "note": self.note,
            "times_ms": [round(t, 3) for t in self.times_ms],
            "cpu_ms": [round(t, 3) for t in self.cpu_ms],
            "peak_rss_kb": self.rss_kb,
        }
        if self.ok:
            out.update(
                median_ms=round(self.median, 3),
                min_ms=round(min(self.times_ms), 3),
                max_ms=round(max(self.times_ms), 3),
                median_cpu_ms=round(self.cpu_median, 3),
                median_peak_rss_kb=self.rss_median,
                max_peak_rss_kb=max(self.rss_kb),
            )
        return out


def _show_arg(arg: str) -> str:
    """Paths inside the checkout as relative paths."""
    prefix = str(BENCH.parent) + os.sep
    return arg.removeprefix(prefix)


# --------------------------------------------------------------------------- running


class Runner:
    """Prepares each run's data folder here; the timing happens in ``spawn_timer.py``."""

    def __init__(self, workdir: Path, base_env: dict[str, str]) -> None:
        self.workdir = workdir
        self.base_env = base_env
        self._count = 0
        self._timer = subprocess.Popen(
            [sys.executable, "-I", "-S", str(SPAWN_TIMER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=base_env,
        )

    def close(self) -> None:
        assert self._timer.stdin is not None
        self._timer.stdin.close()
        self._timer.wait()

    def _prepare(self, case: Case) -> tuple[dict[str, str], Path]:
        self._count += 1
        data_dir = self.workdir / f"data-{self._count}"
        if case.store is not None and case.store.is_dir():
            # a warmed-up data folder, copied whole: each run starts from the same state
            shutil.copytree(case.store, data_dir)
        else:
            data_dir.mkdir()
            if case.store is not None:
                shutil.copyfile(case.store, data_dir / "store.json")
        env = {**self.base_env, **case.env, "AOD_DATA_DIR": str(data_dir)}
        return env, data_dir

    def time_once(self, case: Case) -> tuple[float, float, int, int]:
        """(wall ms, CPU ms, peak RSS in KiB, exit code) of one run."""
        env, data_dir = self._prepare(case)
        items = [str(len(case.argv)), *case.argv, *(f"{k}={v}" for k, v in env.items())]
        assert self._timer.stdin is not None and self._timer.stdout is not None
        self._timer.stdin.write(b"\0".join(os.fsencode(i) for i in items) + b"\n")
        self._timer.stdin.flush()
        reply = self._timer.stdout.readline().split()
        if len(reply) != 4:
            sys.exit("bench: the spawn timer stopped answering")
        shutil.rmtree(data_dir)
        rss = int(reply[2])
        if sys.platform == "darwin":  # ru_maxrss is bytes there, KiB on Linux
            rss //= 1024
        return float(reply[0]), float(reply[1]), rss, int(reply[3])

    def probe(self, case: Case) -> None:
        """One untimed run that keeps stderr: does the command work at all?"""
        env, data_dir = self._prepare(case)
        before = (data_dir / "store.json").read_bytes() if case.store else b""
        proc = subprocess.run(case.argv, stdin=subprocess.DEVNULL, capture_output=True, env=env, check=False)
        after_path = data_dir / "store.json"
        after = after_path.read_bytes() if after_path.exists() else b""
        shutil.rmtree(data_dir)
        if proc.returncode != 0:
            lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            first = lines[-1] if lines else "(no message)"
            what = "skipped" if case.optional else "FAILED"
            case.note = f"{what}: exit {proc.returncode}: {first}"
        elif case.writes and before == after:
            case.note = "FAILED: the command did not change the store"

    def measure(self, cases: Sequence[Case], warmup: int, runs: int, tier: str) -> None:
        for case in cases:
            self.probe(case)
            if case.note:
                print(f"  {case.label}: {case.note}", flush=True)
        live = [c for c in cases if c.note is None]
        if not live:
            return
        for _ in range(max(0, warmup - 1)):  # the probe was the first warm-up
            for case in live:
                self.time_once(case)
        for i in range(runs):
            shift = i % len(live)
            for case in live[shift:] + live[:shift]:  # rotate so no command always goes first
                ms, cpu, rss, code = self.time_once(case)
                if code != 0:
                    case.note = f"FAILED: exit {code} in a timed run"
                case.times_ms.append(ms)
                case.cpu_ms.append(cpu)
                case.rss_kb.append(rss)
            if sys.stdout.isatty():
                print(f"\r  {tier}: {i + 1}/{runs} rounds", end="", flush=True)
        print(f"\r  {tier}: {runs} rounds done", flush=True)


# --------------------------------------------------------------------------- set-up


def find_aod() -> Path:
    """The console script next to this interpreter, else the first ``aod`` on PATH."""
    here = Path(sys.executable).parent / "aod"
    if here.is_file() and os.access(here, os.X_OK):
        return here
    found = shutil.which("aod")
    if found is None:
        sys.exit("bench: no 'aod' console script next to this python or on PATH")
    return Path(found)


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in STRIPPED_ENV}
    env.update(NO_COLOR="1", COLUMNS="120")
    return env


def compile_package(env: dict[str, str]) -> str:
    """Byte-compile aodcli so no run pays for compiling it (PYTHONDONTWRITEBYTECODE)."""
    spec = importlib.util.find_spec("aodcli")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("bench: aodcli is not importable; run this with the venv's python")
    folder = next(iter(spec.submodule_search_locations))
    subprocess.run([sys.executable, "-m", "compileall", "-q", folder], env=env, check=True)
    return folder


def cached_scale_data(cache: Path, mode: Mode) -> tuple[Path, Path, Path, dict[str, Any]]:
    """The synthetic pack and its two stores (the scale tier's and the 10,000-event one),
    generated once per spec and generator."""
    spec = {**mode.pack.as_dict(), "store_events": mode.store_events, "big_events": mode.big_events}
    digest = hashlib.sha256(
        json.dumps(spec, sort_keys=True).encode() + Path(generate.__file__).read_bytes()
    ).hexdigest()[:12]
    folder = cache / f"{mode.name}-{digest}"
    pack, meta = folder / "pack", folder / "meta.json"
    store, big = folder / "store" / "store.json", folder / "big" / "store.json"
    if meta.is_file():
        return pack, store, big, json.loads(meta.read_text())
    print(f"generating the {mode.name} synthetic pack into {_show_arg(str(folder))} …", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix=".gen-", dir=cache))
    try:
        counts: dict[str, Any] = dict(generate.write_pack(tmp / "pack", mode.pack))
        stats = generate.make_large_store(tmp / "store" / "store.json", tmp / "pack", mode.store_events)
        big_stats = generate.make_large_store(tmp / "big" / "store.json", tmp / "pack", mode.big_events)
        counts.update(store_events=stats["events"], big_events=big_stats["events"], store=stats, big_store=big_stats)
        (tmp / "meta.json").write_text(json.dumps(counts, indent=2) + "\n")
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for stale in cache.glob(f"{mode.name}-*"):  # made by an older generator or spec
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    return pack, store, big, counts


def warm_template(aod: Path, store: Path, folder: Path, env: dict[str, str]) -> Path:
    """A data folder as a user has it after using aod: the store written by aod itself
    (so its status file in cache/ describes it) and the pack and search caches filled."""
    folder.mkdir(mode=0o700)
    shutil.copyfile(store, folder / "store.json")
    child = {**env, "AOD_DATA_DIR": str(folder)}
    for args in (["profile", "add", "bench-warmup"], ["episodes"], ["search", "lee"]):
        subprocess.run([str(aod), *args], env=child, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    status = folder / "cache" / "store.json.status"
    if not status.is_file():  # then aod prompt and Tab fall back to the full CLI
        WARNINGS.append(f"{folder.name}: the warm-up left no {status.relative_to(folder)}")
        print(f"  warning: {WARNINGS[-1]}", flush=True)
    return folder


#: Anything odd about the set-up (printed, and kept in the JSON).
WARNINGS: list[str] = []


def aod_cases(aod: Path, store: Path, *, prefix: str, env: dict[str, str]) -> list[Case]:
    def case(key: str, *args: str, writes: bool = False, optional: bool = False) -> Case:
        return Case(
            prefix + key,
            "aod " + " ".join(args) + (f" ({env['AOD_LANG']})" if "AOD_LANG" in env else ""),
            [str(aod), *args],
            store=store,
            env=dict(env),
            writes=writes,
            optional=optional,
        )

    return [
        case("episodes", "episodes"),
        case("watch", "watch", "3", writes=True),
        case("progress", "progress"),
        case("search", "search", "lee", optional=True),
        case("prompt", "prompt"),
    ]


#: Shell completion as each shell asks for it (Click's protocol as Typer sets it up): one SPEC each.
COMPLETIONS = {
    "bash": {"_AOD_COMPLETE": "complete_bash", "COMP_WORDS": "aod watch s01e", "COMP_CWORD": "2"},
    "zsh": {"_AOD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "aod watch s01e"},
    "fish": {
        "_AOD_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": "aod watch s01e",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    },
}
#: Targets against ``python -c pass`` (CPU time): the prompt and each completion.
PYTHON_TARGETS = {"prompt": 3.0, "complete:bash": 4.0, "complete:zsh": 4.0, "complete:fish": 4.0}
PYTHON_TARGETS |= {f"{lang}:{key}": limit for lang in LANGUAGES for key, limit in PYTHON_TARGETS.items()}


def completion_cases(aod: Path, store: Path | None = None, lang: str | None = None) -> list[Case]:
    prefix, more = (f"{lang}:", {"AOD_LANG": lang}) if lang else ("", {})
    return [
        Case(
            f"{prefix}complete:{shell}",
            f"Tab in {shell} (aod watch s01e){' ' + lang if lang else ''}",
            [str(aod)],
            store=store,
            env={**env, **more},
        )
        for shell, env in COMPLETIONS.items()
    ]


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "processor": platform.processor() or None,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "executable": sys.executable,
    }
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        first = meminfo.read_text().splitlines()[0].split()
        info["memory_kb"] = int(first[1])
    return info


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in VERSIONED:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None  # click: Typer vendors it since 0.26
    return out


# --------------------------------------------------------------------------- report


@dataclass(slots=True)
class Target:
    name: str
    value: float | None
    limit: float
    kind: str  # "<=" or "<"

    @property
    def passed(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.limit if self.kind == "<=" else self.value < self.limit

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]

    def as_dict(self) -> dict[str, Any]:
        value = None if self.value is None else round(self.value, 3)
        return {"name": self.name, "value": value, "limit": self.limit, "op": self.kind, "result": self.verdict}


def _ratio(a: Case, b: Case, metric: str = "wall") -> float | None:
    if not (a.ok and b.ok):
        return None
    if metric == "cpu":
        return a.cpu_median / b.cpu_median
    if metric == "rss":
        return a.rss_median / b.rss_median
    return a.median / b.median


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "-" if value is None else f"{value:{spec}}"


def _row(label: str, cells: Sequence[str], verdict: str) -> str:
    return f"  {label:<32}" + "".join(f"{c:>10}" for c in cells) + f"  {verdict}".rstrip()


def report(
    base: list[Case], scale: list[Case], big: list[Case], floor: Case, pack_counts: dict[str, Any]
) -> tuple[list[Target], dict[str, Any]]:
    """Print the tables; return the targets and every ratio (wall, CPU, RSS)."""
    targets: list[Target] = []
    ratios: dict[str, dict[str, float | None]] = {
        name: {}
        for name in (
            "vs_floor",
            "cpu_vs_floor",
            "rss_vs_floor",
            "vs_bundled",
            "cpu_vs_bundled",
            "vs_bundled_big",
            "cpu_vs_bundled_big",
        )
    }
    print("\nBundled data (medians; × = ratio to the floor app)")
    print(_row("command", ("wall ms", "min ms", "× floor", "CPU ms", "× CPU", "RSS MiB", "× RSS"), "target"))
    for case in base:
        wall, cpu, rss = (_ratio(case, floor, m) for m in ("wall", "cpu", "rss"))
        ratios["vs_floor"][case.key] = _round(wall)
        ratios["cpu_vs_floor"][case.key] = _round(cpu)
        ratios["rss_vs_floor"][case.key] = _round(rss)
        verdict = ""
        if case.key.split(":")[-1] in EVERYDAY:
            t = Target(f"{case.label} ≤ {FLOOR_TARGET}× floor", wall, FLOOR_TARGET, "<=")
            c = Target(f"{case.label} ≤ {EVERYDAY_CPU_TARGET}× floor (CPU)", cpu, EVERYDAY_CPU_TARGET, "<=")
            targets += [t, c]
            verdict = f"{t.verdict} (≤ {FLOOR_TARGET}×), CPU {c.verdict} (≤ {EVERYDAY_CPU_TARGET}×)"
        if not case.ok:
            print(f"  {case.label:<32}{case.note}")
            continue
        print(
            _row(
                case.label,
                (
                    f"{case.median:.1f}",
                    f"{min(case.times_ms):.1f}",
                    _fmt(wall),
                    f"{case.cpu_median:.1f}",
                    _fmt(cpu),
                    f"{case.rss_median / 1024:.1f}",
                    _fmt(rss),
                ),
                verdict,
            )
        )

    by_key = {c.key: c for c in base}
    pack_text = (
        f"{pack_counts['episodes']:,} episodes, "
        f"{pack_counts['people'] + pack_counts['characters']:,} people and characters, "
        f"{pack_counts['events']:,} pack events"
    )
    for tier, cases, events, suffix in (
        ("Scale", scale, pack_counts["store_events"], ""),
        ("10,000 events (reported, no target)", big, pack_counts["big_events"], "_big"),
    ):
        print(f"\n{tier}: {pack_text}, {events:,}-event store (× = ratio to the same command on bundled data)")
        print(_row("command", ("wall ms", "bundled", "× bundled", "CPU ms", "× CPU", "× floor", "RSS MiB"), "target"))
        for case in cases:
            short = case.key.split(":", 1)[1]
            small = by_key.get(short) or by_key[short.removesuffix("-cold")]
            wall, cpu = _ratio(case, small), _ratio(case, small, "cpu")
            ratios["vs_bundled" + suffix][short] = _round(wall)
            ratios["cpu_vs_bundled" + suffix][short] = _round(cpu)
            ratios["vs_floor"][case.key] = _round(_ratio(case, floor))
            ratios["cpu_vs_floor"][case.key] = _round(_ratio(case, floor, "cpu"))
            ratios["rss_vs_floor"][case.key] = _round(_ratio(case, floor, "rss"))
            verdict = ""
            if short in EVERYDAY and not suffix:
                t = Target(f"{case.label} (large) ≤ {SCALE_TARGET}× bundled", wall, SCALE_TARGET, "<=")
                targets.append(t)
                verdict = f"{t.verdict} (≤ {SCALE_TARGET}×)"
            if not case.ok:
                print(f"  {case.label:<32}{case.note}")
                continue
            print(
                _row(
                    case.label,
                    (
                        f"{case.median:.1f}",
                        _fmt(small.median if small.ok else None, ".1f"),
                        _fmt(wall),
                        f"{case.cpu_median:.1f}",
                        _fmt(cpu),
                        _fmt(_ratio(case, floor)),
                        f"{case.rss_median / 1024:.1f}",
                    ),
                    verdict,
                )
            )

    python = by_key.get("python")
    if python is not None:
        print("\nAgainst python -c pass (CPU time medians)")
        for key, limit in PYTHON_TARGETS.items():
            case = by_key.get(key)
            value = _ratio(case, python, "cpu") if case is not None else None
            t = Target(f"{case.label if case else key} ≤ {limit}× python -c pass (CPU)", value, limit, "<=")
            targets.append(t)
            ratios.setdefault("cpu_vs_python", {})[key] = _round(value)
            print(f"  {t.name}: {_fmt(value)}  {t.verdict}")
        for key in ("version",):
            case = by_key.get(key)
            ratios.setdefault("cpu_vs_python", {})[key] = _round(_ratio(case, python, "cpu") if case else None)
            print(f"  aod --version: {_fmt(_ratio(case, python, 'cpu') if case else None)}× python -c pass (CPU)")

    episodes = next(c for c in scale if c.key == "scale:episodes")
    rss_ratio = _ratio(episodes, floor, "rss")
    rss_target = Target(f"peak RSS of aod episodes (large) < {RSS_TARGET}× floor", rss_ratio, RSS_TARGET, "<")
    targets.append(rss_target)
    if rss_ratio is not None:
        print(
            f"\nPeak RSS: aod episodes on the large pack {episodes.rss_median / 1024:.1f} MiB, "
            f"floor {floor.rss_median / 1024:.1f} MiB = {rss_ratio:.2f}× "
            f"(target < {RSS_TARGET}×): {rss_target.verdict}"
        )

    failing = [t.name for t in targets if t.passed is False]
    missing = [t.name for t in targets if t.passed is None]
    print(f"\nTargets: {sum(t.passed is True for t in targets)} pass, {len(failing)} fail, {len(missing)} not measured")
    for name in failing:
        print(f"  FAIL  {name}")
    for name in missing:
        print(f"  n/a   {name}")
    return targets, ratios


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time aod against the framework floor.")
    parser.add_argument(
        "--quick", action="store_true", help="warm-up 1, median of 5, a smaller synthetic pack (about a minute)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON")
    parser.add_argument("--runs", type=int, help="timed runs per command (default 21, quick 5)")
    parser.add_argument("--warmup", type=int, help="untimed runs per command first (default 3)")
    parser.add_argument(
        "--cache-dir", type=Path, default=DEFAULT_CACHE, help="where generated packs are kept (default bench/.cache)"
    )
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    runs = args.runs or mode.runs
    warmup = max(1, args.warmup if args.warmup is not None else mode.warmup)

    env = child_env()
    aod = find_aod()
    package = compile_package(env)
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    pack, scale_store, big_store, counts = cached_scale_data(args.cache_dir, mode)
    started = datetime.now(timezone.utc)
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None

    with tempfile.TemporaryDirectory(prefix="aod-bench-") as tmp:
        work = Path(tmp)
        small_store = work / "bundled-store.json"
        small_events = generate.make_bundled_store(small_store)
        runner = Runner(work, env)
        floor = Case("floor", "floor app (Typer + Rich table)", [sys.executable, str(FLOOR_APP)])
        base = [
            Case("python", "python -c pass", [sys.executable, "-c", "pass"]),
            floor,
            Case("version", "aod --version", [str(aod), "--version"], store=small_store),
            Case("help", "aod --help", [str(aod), "--help"], store=small_store),
            *completion_cases(aod),
            *aod_cases(aod, small_store, prefix="", env={}),
        ]
        scale_env = {**env, "AOD_SHOW": str(pack)}
        small_warm = warm_template(aod, small_store, work / "bundled-template", env)
        scale_warm = warm_template(aod, scale_store, work / "scale-template", scale_env)
        big_warm = warm_template(aod, big_store, work / "big-template", scale_env)
        base = [*base[:4], *completion_cases(aod, small_warm), *aod_cases(aod, small_warm, prefix="", env={})]
        for lang in LANGUAGES:  # the same commands in each other interface language
            base += [
                *completion_cases(aod, small_warm, lang),
                *aod_cases(aod, small_warm, prefix=f"{lang}:", env={"AOD_LANG": lang}),
            ]
        scale = aod_cases(aod, scale_warm, prefix="scale:", env={"AOD_SHOW": str(pack)})
        scale.append(
            Case(
                "scale:episodes-cold",
                "aod episodes, first run (no caches)",
                [str(aod), "episodes"],
                store=scale_store,
                env={"AOD_SHOW": str(pack)},
            )
        )
        big = aod_cases(aod, big_warm, prefix="big:", env={"AOD_SHOW": str(pack)})
        print(f"aod: {aod}\nmode: {mode.name}, warm-up {warmup}, median of {runs}", flush=True)
        try:
            # one round-robin over all tiers: a change in the machine's speed during the
            # run hits bundled and scale runs alike, so the scale ratios stay fair
            runner.measure([*base, *scale, *big], warmup, runs, "all tiers")
        finally:
            runner.close()

    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None
    targets, ratios = report(base, scale, big, floor, counts)
    # The floor does no I/O: wall time well above its CPU time means it waited for a CPU.
    waited = floor.median / floor.cpu_median - 1 if floor.ok and floor.cpu_median else 0.0
    if waited > 0.1:
        print(
            f"\nnote: the machine was busy (the floor's wall time is {waited:.0%} above its "
            "CPU time): wall times are noisy; the CPU-time ratios are steadier."
        )
    result = {
        "benchmark": "aodcli bench/run.py",
        "date": started.isoformat(timespec="seconds"),
        "mode": mode.name,
        "warmup": warmup,
        "runs": runs,
        "statistic": "median wall time of the whole process (ms); peak RSS per run from wait4",
        "machine": machine(),
        "versions": versions(),
        "load_average": {"before": load_before, "after": load_after},
        "environment": {
            "aod": str(aod),
            "package": package,
            "stripped": [k for k in STRIPPED_ENV if k in os.environ],
            "set": {"NO_COLOR": "1", "COLUMNS": "120"},
            "stdout": "/dev/null",
        },
        "data": {
            "bundled_store_events": small_events,
            "synthetic_pack": {**counts, "spec": mode.pack.as_dict()},
        },
        "warnings": WARNINGS,
        "cases": {c.key: c.summary() for c in (*base, *scale, *big)},
        "ratios": ratios,
        "targets": [t.as_dict() for t in targets],
        "all_pass": all(t.passed for t in targets),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {_show_arg(str(args.out.resolve()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
