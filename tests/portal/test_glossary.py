"""The French catalogue uses one term per concept, the one of locale/fr/GLOSSARY.md."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
GLOSSARY = ROOT / "locale" / "fr" / "GLOSSARY.md"

# concept: (the glossary's term, the variants it replaces)
TERMS = {
    "update": ("mise à jour", r"\bbilans?\b"),
    "reporting period": ("période de déclaration", r"\bpériodes? de (rapport|référence)\b"),
    "baseline": ("valeur de départ", r"\bvaleurs? de référence\b"),
    "progress report": ("rapport d’étape", r"\brapports? (de progrès|d.avancement)\b"),
    "coordinator": ("coordonnateur", r"\bcoordinat(eur|rice)s?\b"),
    "workspace": ("espace partenaire", r"\bespaces? de travail\b"),
    "email": ("courriel", r"\be-?mails?\b"),
    "file size": ("Ko", r"\b[KMGTP]io\b"),
}
PLACEHOLDERS = re.compile(r"%\([^)]*\)[sd]|<[^>]*>|\{[^}]*\}")


def french_texts() -> list[tuple[str, str]]:
    texts = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            texts.append((entry.msgid, PLACEHOLDERS.sub(" ", text)))
    return texts


@pytest.mark.parametrize("concept", list(TERMS))
def test_the_french_catalogue_uses_the_glossarys_one_term(concept):
    term, variants = TERMS[concept]
    assert term in GLOSSARY.read_text()
    texts = french_texts()
    found = [f"{msgid!r}: {text!r}" for msgid, text in texts if re.search(variants, text, re.I)]
    assert not found, f"{concept}: write « {term} »:\n" + "\n".join(found)
    assert any(term.casefold() in text.casefold() for _msgid, text in texts), term


def test_french_grammar_slips_stay_fixed():
    """« vous ou quelqu’un d’autre a » (the verb agrees with « vous »: rewritten), and a
    label that English starts with a capital (CSWB zone) starts with one in French."""
    texts = [text for _msgid, text in french_texts()]
    assert not [t for t in texts if "vous ou quelqu’un d’autre a " in t
                or "vous, ou quelqu’un d’autre, a " in t]
    catalogue = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE))}
    assert catalogue["CSWB zone"] == "Zone du cadre SBEC"


def test_a_native_readers_slips_stay_fixed():
    """Epicene wording rather than « (e) »; no calque of "every few seconds"; a spreadsheet
    offered is a « classeur » (the program is a « tableur »); the statuses of one update
    agree with « mise à jour »; « Priority areas » is the glossary's term."""
    texts = [text for _msgid, text in french_texts()]
    assert not [t for t in texts if "(e)" in t]
    assert not [t for t in texts if "toutes les quelques secondes" in t]
    catalogue = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(CATALOGUE))}
    assert catalogue[(None, "spreadsheet")].msgstr == "classeur"
    assert catalogue[(None, "spreadsheet (XLSX)")].msgstr == "classeur (XLSX)"
    assert catalogue[(None, "Priority areas")].msgstr == "Domaines prioritaires"
    for msgid, french in (("Submitted on", "Soumise le"),
                          ("Not reported (period closed)", "Non déclarée (période close)")):
        assert catalogue[(None, msgid)].msgstr == french
    assert catalogue[("update state", "Submitted late")].msgstr == "Soumise en retard"
    assert catalogue[(None, "missing, %(days)s day overdue")].msgstr_plural[0].startswith(
        "manquante")
