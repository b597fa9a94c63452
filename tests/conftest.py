"""Shared fixtures (every test gets its own user-data folder; the bundled pack) and the test tiers.

The tests are in folders by behaviour, each a package: ``cli/`` (a file per command or tight
group, ``test_<command>.py``), ``unit/`` (functions and declarations on their own), ``contracts/``
(JSON keys, docs, help, this layout), ``reliability/`` (the store and caches: crashes, faults, locks,
concurrent writers), ``spoilers/``, ``imports/``, ``search/``, ``sync/``, ``pack/``, ``hostile/``,
``language/`` (the catalogs, Korean) and ``startup/`` (the fast path, lazy imports). What they
share is in ``support/`` or a ``conftest.py``; a test module never imports another
(``contracts/test_test_layout.py``). Data: ``fixtures/``, ``corpus/``, ``snapshots/``.

Three tiers, by marker (registered in pyproject.toml):

- ``pytest -m quick``: the edit-test loop, every test that is neither ``slow``
  nor ``heavy`` (the mark is set here, so a new test is quick unless marked);
- ``pytest``: the default run (what CI runs): everything but ``slow``;
- ``pytest -m slow``: the long runs only; a ``slow`` test is skipped unless the
  ``-m`` expression names ``slow``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from aodcli.pack import Pack, load_pack


def _temp_in_memory(memory: Path = Path("/dev/shm")) -> None:
    """Test files go to memory where the machine has a tmpfs with room, unless TMPDIR says where.

    The tests write hundreds of stores, each write synced to disk, and on a disk the sync takes
    what the host's other work leaves it (on this machine a default run took 100-104 s in memory
    against 121-124 s on disk, interleaved). Called at import, before the workers start, so they,
    the temp folders of every test and the processes tests start all use it."""
    if "TMPDIR" in os.environ or not memory.is_dir() or not os.access(memory, os.W_OK | os.X_OK):
        return
    if shutil.disk_usage(memory).free > 2 * 2**30:  # a run writes about 300 MB
        os.environ["TMPDIR"] = str(memory)
        tempfile.tempdir = None  # read TMPDIR again


_temp_in_memory()

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile aodcli's modules once. An environment may set PYTHONDONTWRITEBYTECODE (this
    machine's does), and then every ``aod`` process a test starts compiled them all again from
    source: about 60 ms of each of the hundreds of processes the tests start."""
    import compileall

    import aodcli

    compileall.compile_dir(Path(aodcli.__file__).parent, quiet=2)


@pytest.fixture(autouse=True)
def _isolated_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point AOD_DATA_DIR at a temp folder so no test touches a real home."""
    data = tmp_path / "aod-data"
    monkeypatch.setenv("AOD_DATA_DIR", str(data))
    for var in ("AOD_SHOW", "AOD_PROFILE", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    return data


@pytest.fixture(scope="module")
def pack() -> Pack:
    """The bundled data pack, loaded once per test module."""
    return load_pack()


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects: ``-m quick`` must see the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") is None and item.get_closest_marker("heavy") is None:
            item.add_marker(pytest.mark.quick)
    # The heavy tests first (a stable sort: each module keeps its order): the workers then end on
    # short tests, not on one that runs for seconds while the other worker waits.
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


@pytest.hookimpl(tryfirst=True)  # before any fixture of the test is set up
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("slow") is not None and "slow" not in (item.config.getoption("markexpr") or ""):
        pytest.skip("a long run: select it with -m slow")
