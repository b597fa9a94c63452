"""The test suite's own layout: tests in folders by behaviour, shared code in ``tests/support/``,
and no test module importing another (what two test modules share is a support module or a fixture)."""

from __future__ import annotations

import ast
from pathlib import Path

from ..support.helpers import TESTS

MODULES = sorted(TESTS.rglob("*.py"))
TEST_MODULES = [p for p in MODULES if p.name.startswith("test_")]
SHARED = {"__init__.py", "conftest.py"}


def _name(path: Path) -> str:
    return str(path.relative_to(TESTS.parent))


def _imported(path: Path) -> list[str]:
    """Every module ``path`` imports; a relative import as a dotted name from ``tests`` (``tests.support.helpers``)."""
    package = list(path.relative_to(TESTS.parent).parent.parts)
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]  # ``from . import test_x`` names a module
    return found


def test_the_suite_is_found_where_this_test_looks() -> None:
    assert len(TEST_MODULES) > 50 and Path(__file__).resolve() in TEST_MODULES


def test_no_module_of_the_suite_imports_a_test_module() -> None:
    """Neither a test module nor a conftest or support module: what tests share is in tests/support/ or a fixture."""
    found = {
        _name(path): [m for m in _imported(path) if any(part.startswith("test_") for part in m.split("."))]
        for path in MODULES
    }
    assert {name: modules for name, modules in found.items() if modules} == {}


def test_every_test_module_is_in_a_folder_named_for_what_it_tests() -> None:
    assert [_name(p) for p in TEST_MODULES if p.parent == TESTS] == []
    assert [_name(p) for p in TEST_MODULES if p.parent.name == "support"] == []


def test_every_folder_of_modules_is_a_package() -> None:
    """Two folders may each hold a test_common.py: as packages they are tests.a.test_common and tests.b.test_common."""
    folders = {p.parent for p in MODULES}
    assert sorted(_name(f) for f in folders if not (f / "__init__.py").exists()) == []


def test_shared_code_lives_in_support() -> None:
    """A folder of tests holds test modules, its conftest.py and __init__.py; anything else is in tests/support/."""
    stray = [p for p in MODULES if p.parent.name != "support" and p not in TEST_MODULES and p.name not in SHARED]
    assert [_name(p) for p in stray] == []
