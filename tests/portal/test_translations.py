"""The French catalogue is complete, up to date with the code, and loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
IGNORED = {".venv", ".git", "staticfiles", "media", ".pytest_cache", ".ruff_cache", "bench",
           "__pycache__", "db.sqlite3"}


def untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]


def test_french_catalogue_has_no_untranslated_entry():
    po = polib.pofile(str(CATALOGUE))
    assert len(po) > 100
    assert untranslated(po) == []


def test_every_interface_string_of_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh from a copy of the code: none may be missing or untranslated."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in IGNORED])
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete",
         "-i", "tests/*", "-i", "bench/*"],
        cwd=copy, env=env, check=True, capture_output=True, timeout=300,
    )
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = untranslated(fresh)
    assert missing == [], f"{len(missing)} strings lack a French translation: {missing[:20]}"
    # Nothing in the catalogue that the extraction drops: a string the extractor cannot read
    # (a call inside an f-string, an alias of gettext_lazy) would lose its translation on the
    # next `makemessages --no-obsolete`; only allauth's messages, overridden in our words,
    # come from outside the code.
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    kept = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
    assert {msgid for _context, msgid in ours - kept} == set(ALLAUTH_OVERRIDES)


# allauth's messages (allauth/templates/account/messages/) that our catalogue words itself.
ALLAUTH_OVERRIDES = ("You have signed out.", "Password successfully changed.",
                     "Password successfully set.", "Successfully signed in as %(name)s.")


def test_the_allauth_messages_we_override_are_allauths():
    import allauth

    templates = Path(allauth.__file__).parent / "templates" / "account" / "messages"
    words = " ".join(path.read_text() for path in templates.glob("*.txt"))
    words = words.replace("{{name}}", "%(name)s")
    for msgid in ALLAUTH_OVERRIDES:
        assert msgid in words


def test_french_messages_are_compiled_and_loaded():
    with translation.override("fr"):
        assert translation.gettext("Skip to main content") == "Passer au contenu principal"
        assert translation.gettext("fewer than %(threshold)s") == "moins de %(threshold)s"
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"
