"""The README is a door a newcomer reads in ten minutes, and its map matches the tree.

Checks the real files of the checkout: the README's length, that every relative link of the
README, the operations page and the pages they link to leads to a file (and, for a link to a
heading, to that heading), and that the code map names rooms that exist and every app of the
project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
OPERATIONS = ROOT / "config" / "README.md"
MAP_HEADING = "## Where a change goes"

# [text](target) and ![alt](target); the target stops at the first space or ")".
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def markdown_text(path: Path) -> str:
    """The file's text without its fenced code blocks (a link in code is not a link)."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def relative_links(path: Path) -> list[str]:
    return [
        target for target in LINK.findall(markdown_text(path))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)  # http:, mailto:
    ]


def heading_anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings: lower case, punctuation other than
    hyphens and underscores dropped, spaces made hyphens; a repeated heading gets -1, -2…"""
    anchors: set[str] = set()
    for line in markdown_text(path).splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in anchors:
            n += 1
            candidate = f"{slug}-{n}"
        anchors.add(candidate)
    return anchors


def pages_to_check() -> list[Path]:
    """The README, the operations page, and every Markdown page either links to."""
    pages = [README, OPERATIONS]
    for page in list(pages):
        for target in relative_links(page):
            linked = (page.parent / target.split("#")[0]).resolve()
            if linked.suffix == ".md" and linked.is_file() and linked not in pages:
                pages.append(linked)
    return pages


def code_map_rows() -> list[str]:
    """The first cell of each row of the README's code map (the path of a room)."""
    text = README.read_text(encoding="utf-8")
    assert MAP_HEADING in text, f"the README has no section {MAP_HEADING!r}"
    section = text.split(MAP_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and re.fullmatch(r"`[^`]+`", cells[0]):
            rows.append(cells[0].strip("`"))
    return rows


def project_apps() -> list[str]:
    """Every Django app of the project (a folder with an apps.py), as 'portal/reports/'."""
    skip = {".venv", "tests", "node_modules", "bench"}
    return sorted(
        path.parent.relative_to(ROOT).as_posix() + "/"
        for path in ROOT.rglob("apps.py")
        if not skip & set(path.relative_to(ROOT).parts)
    )


def test_readme_is_at_most_200_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; keep it to 200"


def test_readme_has_a_table_of_contents_naming_its_sections():
    text = README.read_text(encoding="utf-8")
    sections = heading_anchors(README) - {"community-safety-partnership-portal", "contents"}
    contents = text.split("## Contents", 1)[1].split("\n## ", 1)[0]
    listed = {target.lstrip("#") for target in LINK.findall(contents)}
    assert sections <= listed, f"sections missing from the contents: {sections - listed}"


@pytest.mark.parametrize("page", pages_to_check(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_an_existing_file_and_heading(page: Path):
    broken = []
    for target in relative_links(page):
        path_part, _, anchor = target.partition("#")
        linked = (page.parent / path_part).resolve() if path_part else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.name}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_readme_links_to_the_operations_page_and_each_feature_readme():
    links = {(ROOT / t.split("#")[0]).resolve() for t in relative_links(README)}
    expected = [
        "config/README.md", "portal/core/README.md", "portal/reports/README.md",
        "portal/dashboard/README.md", "portal/mailing/README.md", "portal/opendata/README.md",
        "initiatives/imports/README.md", "bench/README.md",
    ]
    missing = [name for name in expected if (ROOT / name).resolve() not in links]
    assert not missing, f"the README does not link to {missing}"


def test_every_room_of_the_code_map_exists():
    rows = code_map_rows()
    assert len(rows) >= 10, f"the code map has only {len(rows)} rooms: {rows}"
    missing = [
        room for room in rows
        if not ((ROOT / room).is_dir() if room.endswith("/") else (ROOT / room).is_file())
    ]
    assert not missing, f"the code map names rooms that do not exist: {missing}"


def test_every_app_of_the_project_is_a_room_of_the_code_map():
    rows = set(code_map_rows())
    apps = project_apps()
    assert "initiatives/" in apps, "apps.py files not found: is ROOT the checkout?"
    missing = [app for app in apps if app not in rows]
    assert not missing, f"apps missing from the README's code map: {missing}"
