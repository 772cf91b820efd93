"""The consent wording shown beside the sign-up button, in both languages, with its version.

It is a legal text, kept here rather than in the translation catalogue: what is recorded
with each sign-up must be exactly what was shown, and a change of either language must come
with a new ``VERSION`` (the form carries the version it showed, and a sign-up made on a
page showing an older wording is asked to read the new one). It names the sender, how to
reach them and how to withdraw consent, as Canada's anti-spam law requires of a request
for consent (CASL, s. 10(1); CRTC Regulations, s. 4).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

VERSION = "2026-1"

WORDING = {
    "fr": (
        "En m’abonnant, j’accepte de recevoir des courriels de {sender} au sujet du "
        "Partenariat pour la sécurité communautaire\u00a0: nouvelles, événements et sujets "
        "que j’ai choisis. Je peux retirer mon consentement en tout "
        "temps au moyen du lien de désabonnement présent dans chaque message, ou en "
        "écrivant à {contact}. {sender}, {address}."
    ),
    "en": (
        "By subscribing, I agree to receive email from {sender} about the Community Safety "
        "Partnership: news, events and the topics I chose. I can withdraw my "
        "consent at any time with the unsubscribe link in every message, or by writing to "
        "{contact}. {sender}, {address}."
    ),
}


def sender(language: str) -> dict[str, str]:
    """Who sends the list's messages, in ``language``: name, postal address, contact."""
    return {
        "sender": settings.MAILING_SENDER_NAME[language],
        "address": settings.MAILING_SENDER_ADDRESS[language],
        "contact": settings.MAILING_CONTACT_EMAIL,
    }


def consent_text(language: str) -> str:
    """The wording exactly as shown (and recorded) on a page in ``language``."""
    return WORDING[language].format(**sender(language))


def topics_text(areas, *, all_topics: bool, language: str) -> str:
    """The topics chosen, as the form showed them in ``language``."""
    from django.utils.translation import gettext

    with translation.override(language):
        if all_topics:
            return gettext("All topics")
        other = "en" if language == "fr" else "fr"
        return "; ".join(
            getattr(area, f"title_{language}", "") or getattr(area, f"title_{other}", "")
            for area in areas
        )
