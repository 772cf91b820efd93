"""A crawl of the demo portal, in both languages, as a visitor and as each role.

For every page it reaches by following links (GET only, same site, no downloads): the
page answers, its ``lang`` is the language of its address, its language toggle lands on
the same page in the other language and toggles back, and no interface text of the other
language shows: no English phrase of the catalogue on a French page, no French one on an
English page (text marked with its own ``lang``, such as a partner's title in the other
language, is left out, as a screen reader would switch voice for it)."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
from django.core.management import call_command
from django.test import Client

from partners.models import User
from portal.demo.data import COORDINATOR, PACT_LEAD, PACT_STAFF
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PAGES_PER_RUN = 45
# Single English interface words that a French page never shows outside the language
# toggle (marked lang="en"): the catalogue's phrases above need three words or more.
ENGLISH_WORDS = ("English", "French", "Bilingual", "Download", "Status", "Submitted", "Approved",
                 "Returned", "Draft", "Search", "Sign in", "Sign out", "Language")
SKIP = re.compile(r"(\.(csv|xlsx|json|ics|pdf|ico|svg|png|txt)$|/admin/|/logout|/deconnexion|"
                  r"/download|/telecharger|/static/|/media/)")


class Page(HTMLParser):
    """The page's links, its lang, its toggle, and its visible text in its own language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.links: list[str] = []
        self.toggle = ""
        self.text: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
            return
        if tag == "a" and attrs.get("href"):
            if "lang-toggle" in (attrs.get("class") or ""):
                self.toggle = attrs["href"]
            else:
                self.links.append(attrs["href"])
        if tag in self.VOID:
            return
        own_language = attrs.get("lang") not in (None, "", self.lang)
        self.stack.append((tag, own_language or tag in ("script", "style", "title", "code")))

    def handle_endtag(self, tag) -> None:
        while self.stack:
            open_tag, _hidden = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data) -> None:
        if not self._hidden():
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def phrases() -> dict[str, list[str]]:
    """Interface phrases of each language that the other never uses: several words, and
    a translation that differs."""
    po = polib.pofile(str(CATALOGUE))
    english, french = set(), set()
    for entry in po:
        if entry.obsolete or entry.msgid_plural or "%" in entry.msgid or "{" in entry.msgid:
            continue
        msgid, msgstr = entry.msgid.strip(), entry.msgstr.strip()
        if not msgstr or msgid == msgstr or "<" in msgid:
            continue
        if len(msgid.split()) >= 3 and msgid not in msgstr:
            english.add(msgid)
        if len(msgstr.split()) >= 3 and msgstr not in msgid:
            french.add(msgstr.replace("\u00a0", " "))
    both = english & french
    return {"fr": sorted(english - both), "en": sorted(french - both)}


def crawl(client: Client, start: str, lang: str, words: list[str]) -> list[str]:
    seen, queue, visited = {start}, deque([start]), []
    problems: list[str] = []
    while queue and len(visited) < PAGES_PER_RUN:
        address = queue.popleft()
        response = client.get(address)
        if response.status_code in (301, 302):
            continue
        visited.append(address)
        if response.status_code != 200:
            problems.append(f"{address}: {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = parse(response.content.decode())
        if page.lang != lang:
            problems.append(f"{address}: lang={page.lang!r}")
        text = " ".join(" ".join(page.text).replace("\u00a0", " ").split())
        for phrase in words:
            if phrase in text:
                problems.append(f"{address}: other language's {phrase!r}")
        if lang == "fr":
            for word in ENGLISH_WORDS:
                if re.search(rf"\b{word}\b", text):
                    problems.append(f"{address}: English word {word!r}")
        problems.extend(check_toggle(client, address, page, lang))
        for href in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith(f"/{lang}/"):
                continue
            if SKIP.search(parts.path) or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    assert len(visited) >= 10, visited
    return problems


def check_toggle(client: Client, address: str, page: Page, lang: str) -> list[str]:
    other = "en" if lang == "fr" else "fr"
    if not page.toggle:
        return [f"{address}: no language toggle"]
    if not page.toggle.startswith(f"/{other}/"):
        return [f"{address}: toggle to {page.toggle}"]
    response = client.get(page.toggle)
    if response.status_code != 200:
        return [f"{address}: toggle {page.toggle} answers {response.status_code}"]
    back = parse(response.content.decode()).toggle
    if urlsplit(back).path != urlsplit(address).path:
        return [f"{address}: toggle and back lands on {back}"]
    return []


ROLES = {"anonymous": None, "staff": PACT_STAFF, "lead": PACT_LEAD, "coordinator": COORDINATOR}


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_reached_speaks_one_language_and_toggles(client, role):
    call_command("load_demo", allow_without_debug=True, verbosity=0)
    activate_totp(User.objects.get(email=COORDINATOR))
    if ROLES[role]:
        client.force_login(User.objects.get(email=ROLES[role]))
    problems = []
    for lang in ("fr", "en"):
        words = phrases()[lang]
        assert len(words) > 100
        if ROLES[role]:
            start = "/fr/espace-partenaire/" if lang == "fr" else "/en/workspace/"
        else:
            start = f"/{lang}/"
        problems += crawl(client, start, lang, words)
    assert not problems, "\n".join(problems)
