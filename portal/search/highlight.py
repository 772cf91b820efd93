"""Search snippets as safe HTML: the content escaped, then the found words in ``<mark>``.

PostgreSQL's ``ts_headline`` marks the found words with two control characters (``START``,
``STOP``) that saved text never holds (``portal.core.text.ControlCharacterValidator``; any
present are removed first); the whole excerpt is escaped, then only those markers become
``<mark>`` and ``</mark>``. On SQLite, ``excerpt`` cuts the text around the first word found
and marks every occurrence of the words, whatever their case and accents, the same way.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .folding import fold, fold_with_positions

START = "\x02"
STOP = "\x03"
WORDS = 40


def from_markers(text: str | None) -> SafeString:
    """``text`` escaped, its ``START``…``STOP`` spans turned into ``<mark>``."""
    text = text or ""
    spans = []
    # Pair the markers; anything unpaired is dropped rather than trusted.
    for part in re.split(f"({START}[^{START}{STOP}]*{STOP})", text):
        if part.startswith(START) and part.endswith(STOP):
            spans.append(f"<mark>{escape(part[1:-1])}</mark>")
        else:
            spans.append(escape(part.replace(START, "").replace(STOP, "")))
    return mark_safe("".join(spans))


def excerpt(text: str, words: list[str], size: int = WORDS) -> SafeString:
    """About ``size`` words of ``text`` around the first of ``words`` found, marked; words
    are found whatever their accents and case ("securite" marks "Sécurité")."""
    text = (text or "").replace(START, "").replace(STOP, "")
    tokens = text.split()
    needles = [fold(w) for w in words if w]
    first = next((i for i, token in enumerate(tokens)
                  if any(n in fold(token) for n in needles)), 0)
    begin = max(0, min(first - size // 3, len(tokens) - size))
    chosen = tokens[begin:begin + size]
    cut = " ".join(chosen)
    if needles:
        pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len,
                                                                    reverse=True)))
        folded, positions = fold_with_positions(cut)
        marked, end = [], 0
        for found in pattern.finditer(folded):
            start = positions[found.start()]
            stop = positions[found.end() - 1] + 1
            if start < end:
                continue
            marked.append(f"{cut[end:start]}{START}{cut[start:stop]}{STOP}")
            end = stop
        cut = "".join(marked) + cut[end:]
    prefix = "… " if begin > 0 else ""
    suffix = " …" if begin + size < len(tokens) else ""
    return from_markers(f"{prefix}{cut}{suffix}")
