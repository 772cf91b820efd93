"""Headless Chromium (Debian's package) driven by Playwright, against the live server."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import skip_or_fail

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests themselves (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        skip_or_fail("Playwright for Python is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Anything the Content-Security-Policy refused (Chromium reports it on the console).
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not refused, "Content-Security-Policy violations:\n" + "\n".join(refused)


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def document_width(page) -> tuple[int, int]:
    """The page's width and the viewport's: wider means it scrolls sideways (WCAG 1.4.10)."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def assert_no_axe_violations(axe, page) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"{page.url}:\n" + "\n".join(details)
