"""French and English punctuation by rule, not by hand.

French sets a narrow no-break space (U+202F) before ``:`` ``;`` ``?`` ``!`` (a no-break
space, U+00A0, is accepted before ``:`` and inside « »), so that a line never breaks before
the sign; English sets none. Templates write the colon of "label: value" with
``{% colon %}`` (portal_tags) rather than typing ``:`` after a translated label, where
it would be glued to the French word ("Statut: Prêt").

The ground floor: imports no app of the project.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_noop

# Django's own units of ``filesizeformat``, listed here so the portal's catalogue carries
# them: French readers write "50,2 Ko" (kilooctets), not Django's "Kio".
FILE_SIZE_UNITS = (gettext_noop("%s KB"), gettext_noop("%s MB"), gettext_noop("%s GB"),
                   gettext_noop("%s TB"), gettext_noop("%s PB"))

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def colon(language: str | None = None) -> str:
    """The colon of "label: value" in ``language`` (the active one by default): " :" with
    a narrow no-break space in French, ":" in English."""
    language = (language or translation.get_language() or "fr")[:2]
    return f"{NARROW_NBSP}:" if language == "fr" else ":"


def label_value(label: str, value: str, language: str | None = None) -> str:
    """"Statut : Prêt" / "Status: Ready"."""
    return f"{label}{colon(language)} {value}"
