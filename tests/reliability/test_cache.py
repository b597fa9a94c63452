"""The one cache mechanism (``fileio/cachefile.py``, ``cachekeys.py``), through the real CLI.

Every file under ``<data dir>/cache/`` is a sealed copy whose tag holds the key of the
one key rule; every cache folder is pruned by the one prune; a copy of another kind
of cache, or of another aodcli, reads as "no cache"; and a key changes when the code
that produces its cache changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import aodcli
from aodcli import cachekeys, finder
from aodcli.fileio import cachefile
from aodcli.pack import cache as pack_cache
from aodcli.pack import load as pack_load
from aodcli.pack import load_pack
from aodcli.paths import cache_dir
from aodcli.sealed import unseal

from ..support.helpers import BUNDLED, MINIPACK, aod, copy_pack, edit_json, ok

PACKAGE = Path(aodcli.__file__).parent


def warm_up() -> Path:
    """A data folder after some use: the store and its status, the pack's copies, the index."""
    ok("watch", "1")
    ok("search", "lee")
    return Path(cache_dir())


def counted(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Count the calls of ``owner.name`` (which still runs) for the rest of the test."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_every_cache_file_is_a_sealed_copy_under_its_key() -> None:
    folder = warm_up()
    found = files_under(folder)
    assert {p.relative_to(folder).parts[0] for p in found} == {"packs", "search", "store.json.status"}
    pack = load_pack()
    keys = {
        "packs": pack.key,
        "search": cachekeys.cache_key("search", pack.key or ""),
        "store.json.status": cachekeys.status_key((folder.parent / "store.json").read_bytes()),
    }
    for path in found:
        key = keys[path.relative_to(folder).parts[0]]
        tag = f"aodcli {key} {path.name}".encode()
        assert path.read_bytes().startswith(tag + b"\n"), path
        assert unseal(path.read_bytes(), tag) is not None, path
        assert cachefile.read_sealed(path, key) is not None, path


# --------------------------------------------------------------------------- one prune


def _old_entries(folder: Path, count: int, as_folders: bool) -> list[Path]:
    """``count`` entries of an older run in the cache folder ``folder``, oldest first."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        path = folder / f"{n:032x}{'' if as_folders else '.marshal'}"
        if as_folders:
            path.mkdir()
            (path / "episodes.json.marshal").write_bytes(b"old")
        else:
            path.write_bytes(b"old")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
        made.append(path)
    return made


def _temps(folder: Path) -> tuple[Path, Path]:
    """A temp file a crash left two hours ago, and one a write in progress has open."""
    crashed, writing = folder / ".crashed.tmp", folder / ".writing.tmp"
    crashed.write_bytes(b"x")
    writing.write_bytes(b"x")
    old = time.time() - 2 * cachefile.STALE_TEMP
    os.utime(crashed, (old, old))
    return crashed, writing


def test_every_cache_folder_is_pruned_by_the_one_prune(monkeypatch: pytest.MonkeyPatch) -> None:
    folders = {"packs": (pack_cache.KEEP_PACKS, True), "search": (finder.KEEP_INDEXES, False)}
    old, temps = {}, {}
    for name, (keep, as_folders) in folders.items():
        old[name] = _old_entries(cache_dir() / name, keep + 2, as_folders)
        temps[name] = _temps(cache_dir() / name)
    pruned: list[tuple[Path, int]] = []
    real = cachefile.prune

    def spy(folder: Path, keep: int, current: Path) -> None:
        pruned.append((folder, keep))
        real(folder, keep, current)

    monkeypatch.setattr(cachefile, "prune", spy)
    ok("search", "lee")  # the first run on this pack: its copies, then its index
    assert sorted(pruned) == sorted((cache_dir() / name, keep) for name, (keep, _) in folders.items())
    for name, (keep, _) in folders.items():
        left = sorted(p for p in (cache_dir() / name).iterdir() if not p.name.startswith("."))
        assert len(left) == keep, name
        assert old[name][-(keep - 1) :] == [p for p in left if p in old[name]], name  # the newest old ones stay
        crashed, writing = temps[name]
        assert not crashed.exists() and writing.exists(), name  # a crash's leftover goes, a write's own temp stays


def test_pruning_never_follows_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep").write_bytes(b"keep me")
    folder = cache_dir() / "packs"
    old = _old_entries(folder, 3, as_folders=True)
    link = folder / "a-link"
    link.symlink_to(outside, target_is_directory=True)
    os.utime(link, (1, 1), follow_symlinks=False)
    cachefile.prune(folder, 2, old[-1])
    assert (outside / "keep").read_bytes() == b"keep me"
    assert not link.is_symlink() and sorted(folder.iterdir()) == old[-2:]


# --------------------------------------------------------------------------- foreign copies


def test_a_copy_of_another_kind_is_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The name index's copy, sealed under the key another kind of cache has for the same
    input, is passed over: the index is built again and its copy replaced."""
    warm_up()
    pack = load_pack()
    [path] = (cache_dir() / "search").iterdir()
    key = cachekeys.cache_key("search", pack.key or "")
    data = cachefile.read_sealed(path, key)
    assert data is not None
    built = counted(monkeypatch, finder, "name_records")
    for other in ("packs", "status"):
        built.clear()
        foreign = cachekeys.cache_key(other, pack.key or "")
        assert cachefile.write_sealed(path, foreign, data, root=cache_dir().parent, store_file=Path("none"))
        assert cachefile.read_sealed(path, key) is None
        ok("search", "lee")
        assert len(built) == 1, other
        assert cachefile.read_sealed(path, key) is not None  # replaced


def test_a_pack_copy_under_another_packs_key_is_no_cache(tmp_path: Path) -> None:
    """Pack one's copies moved under pack two's key are not pack two's: pack two is
    validated (and here refused), not read from them."""
    one, two = copy_pack(MINIPACK, tmp_path / "one"), copy_pack(MINIPACK, tmp_path / "two")
    ok("episodes", "--show", str(one))
    [folder] = (cache_dir() / "packs").iterdir()
    edit_json(two / "episodes.json", lambda d: d["episodes"][0].update(title=5))
    key_two = cachekeys.pack_key(str(two))
    assert key_two is not None and key_two != folder.name
    folder.rename(folder.with_name(key_two))
    assert not pack_cache.known_valid(key_two)  # its marker is sealed under pack one's key
    run = aod("episodes", "--show", str(two))
    assert run.code == 1 and "episodes.json: episodes[0].title" in run.stderr


def _older_aodcli(dest: Path) -> Path:
    """A copy of the aodcli package under test that says it is version 0.0.1."""
    shutil.copytree(PACKAGE, dest / "aodcli", ignore=shutil.ignore_patterns("__pycache__"))
    init = dest / "aodcli" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(text.replace(f'__version__ = "{aodcli.__version__}"', '__version__ = "0.0.1"'), encoding="utf-8")
    assert '"0.0.1"' in init.read_text(encoding="utf-8")
    return dest


def _run(source: Path | None, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AOD_DATA_DIR": str(data), "AOD_SHOW": str(BUNDLED), "NO_COLOR": "1"}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    return subprocess.run(
        [sys.executable, "-m", "aodcli", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.mark.heavy
def test_the_caches_of_an_older_aodcli_are_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    older, data = _older_aodcli(tmp_path / "older"), tmp_path / "aod-data-older"
    for args in (["watch", "1"], ["search", "lee"]):
        assert _run(older, data, *args).returncode == 0
    cache = data / "cache"
    before = {p: p.read_bytes() for p in files_under(cache)}
    assert len(before) > 3
    monkeypatch.setenv("AOD_DATA_DIR", str(data))
    monkeypatch.setenv("AOD_SHOW", str(BUNDLED))
    key = cachekeys.pack_key(str(BUNDLED))
    assert key is not None and not (cache / "packs" / key).exists()  # the older aodcli's key is another
    # this aodcli: the pack validated again, the index built again, the status not believed
    checked = counted(monkeypatch, pack_load, "check_pack")
    built = counted(monkeypatch, finder, "name_records")
    status_key = cachekeys.status_key((data / "store.json").read_bytes())
    assert cachefile.read_sealed(cache / "store.json.status", status_key) is None
    ok("search", "lee")
    assert checked == [1] and built == [1]
    assert len(list((cache / "packs").iterdir())) == 2 and len(list((cache / "search").iterdir())) == 2
    assert all(p.read_bytes() == b for p, b in before.items() if p.exists())  # passed over, never read as ours


# --------------------------------------------------------------------------- derived keys


def test_every_source_of_every_cache_exists() -> None:
    """A renamed module would count as empty in its cache's key: its changes unseen."""
    assert set(cachekeys.CACHE_SOURCES) == {"packs", "search", "status"}
    for kind in cachekeys.CACHE_SOURCES:
        files = cachekeys.source_files(kind)
        assert len(files) == len(set(files)), kind
        for name in files:
            assert (PACKAGE / name).is_file(), (kind, name)
    assert "search/index.py" in cachekeys.source_files("search")


@pytest.mark.parametrize(
    ("edited", "changes"),
    [
        ("pack/model.py", {"packs", "search"}),
        ("pack/validate.py", {"packs"}),
        ("search/normalize.py", {"search"}),
        ("finder.py", {"search"}),
        ("progress_rules.py", {"status"}),
        ("store/status.py", {"status"}),
        ("cli/app.py", set()),
    ],
)
def test_a_key_changes_when_the_code_that_produces_its_cache_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: str, changes: set[str]
) -> None:
    copy = tmp_path / "aodcli"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cachekeys, "_PACKAGE", str(copy))
    before = {kind: cachekeys.cache_key(kind, "input") for kind in cachekeys.CACHE_SOURCES}
    with (copy / edited).open("a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    after = {kind: cachekeys.cache_key(kind, "input") for kind in cachekeys.CACHE_SOURCES}
    assert {kind for kind in before if before[kind] != after[kind]} == changes
    assert cachekeys.cache_key("search", "another input") != after["search"]
    assert len(set(after.values())) == 3  # the kind is in the key


def test_the_kind_is_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two kinds of cache made by the same code from the same input still differ."""
    monkeypatch.setitem(cachekeys.CACHE_SOURCES, "status", cachekeys.CACHE_SOURCES["search"])
    assert cachekeys.cache_key("status", "input") != cachekeys.cache_key("search", "input")


def test_a_new_file_in_a_source_folder_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "aodcli"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cachekeys, "_PACKAGE", str(copy))
    before = cachekeys.cache_key("search", "input")
    (copy / "search" / "extra.py").write_text("RULE = 1\n", encoding="utf-8")
    assert cachekeys.cache_key("search", "input") != before


@pytest.mark.heavy
def test_an_edit_to_the_search_code_builds_the_index_again(tmp_path: Path) -> None:
    """Through the real CLI: the same pack, the search code edited (as in an editable
    install): a new key, so the index is built again, not read from the old copy."""
    source, data = tmp_path / "src", tmp_path / "aod-data-edited"
    shutil.copytree(PACKAGE, source / "aodcli", ignore=shutil.ignore_patterns("__pycache__"))
    assert _run(source, data, "search", "lee").returncode == 0
    [first] = (data / "cache" / "search").iterdir()
    with (source / "aodcli" / "search" / "normalize.py").open("a", encoding="utf-8") as f:
        f.write("\n# an edit that changes no rule still builds once\n")
    assert _run(source, data, "search", "lee").returncode == 0
    found = sorted((data / "cache" / "search").iterdir())
    assert len(found) == 2 and first in found
    assert len(list((data / "cache" / "packs").iterdir())) == 1  # the pack's own key did not change
