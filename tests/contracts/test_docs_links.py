"""The docs hold together: the README stays short, every relative link in
README.md, docs/*.md and bench/README.md reaches a file (and, for a link to a
heading of a markdown file, that heading), and every test file or folder they
name (`tests/...`) is there."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from ..support.helpers import REPO

README_LIMIT = 15_000  # bytes: the user's guide; the rest lives in docs/

_LINK_RE = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_FENCE_RE = re.compile(r"^```.*?^```", re.S | re.M)
_CODE_RE = re.compile(r"`[^`\n]*`")
_TESTS_RE = re.compile(r"`(tests/[^`\s]*)`")  # a test file, folder or pattern, as the docs name one


def _doc_files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "bench" / "README.md"]


def _prose(path: Path) -> str:
    """The file's text without code blocks and code spans, where a `[x](y)` is no link."""
    return _CODE_RE.sub("", _FENCE_RE.sub("", path.read_text(encoding="utf-8")))


def _anchors(path: Path) -> set[str]:
    """The ids GitHub gives the file's headings: lower case, punctuation dropped, spaces to '-'."""
    found: set[str] = set()
    for line in _prose(path).splitlines():
        heading = re.match(r"#{1,6}\s+(.*)", line)
        if heading:
            text = heading.group(1).strip().lower().replace("`", "")
            found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def _relative_links(path: Path) -> list[str]:
    links = _LINK_RE.findall(_prose(path))
    return [link for link in links if not re.match(r"[a-z][a-z0-9+.-]*:", link)]  # not http:, mailto: …


def test_the_readme_is_at_most_15_kb() -> None:
    size = len((REPO / "README.md").read_bytes())
    assert size <= README_LIMIT, f"README.md is {size:,} bytes; move detail into docs/"


@pytest.mark.parametrize("doc", _doc_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_reaches_a_file(doc: Path) -> None:
    broken = []
    for link in _relative_links(doc):
        target, _, anchor = unquote(link).partition("#")
        file = (doc.parent / target).resolve() if target else doc
        if not file.exists():
            broken.append(f"{link}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            broken.append(f"{link}: no such heading in {file.relative_to(REPO)}")
    assert broken == []


def test_the_readme_links_every_doc() -> None:
    readme = set(_relative_links(REPO / "README.md"))
    unlinked = [p.name for p in sorted((REPO / "docs").glob("*.md")) if f"docs/{p.name}" not in readme]
    assert unlinked == []


@pytest.mark.parametrize("doc", _doc_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_test_path_a_doc_names_is_there(doc: Path) -> None:
    """A doc that says where a behaviour is tested names a file, folder or pattern that exists."""
    named = _TESTS_RE.findall(doc.read_text(encoding="utf-8"))
    assert [path for path in named if not list(REPO.glob(path.rstrip("/")))] == []
