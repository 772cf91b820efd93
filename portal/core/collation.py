"""Alphabetical order as readers of the page's language expect it.

The choice: a sort key that folds accents and case (Unicode decomposition, combining marks
dropped, ``casefold``), with the text itself as a tie-break, rather than PyICU (a compiled
dependency with no wheel for every platform) or the database's collation (SQLite in
development and tests compares bytes; PostgreSQL's depends on the server's locale). For
French and English, accents and case only matter when the letters are equal, so this key
gives the dictionaries' order: "Sécurité publique" before "Service de police", "Côte-de-Sable"
between "Capitale" and "Kanata", where byte order puts every accented letter after "z".

Names are sorted as shown, in the page's language (``str()`` of a translated model gives
the active language's name), never by the French column of the database.

The ground floor: imports no app of the project.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def collation_key(text: str) -> tuple[str, str]:
    """Sort key of ``text``: its letters without accents or case first, then the text
    itself, so that equal letters still sort the same way every time."""
    text = str(text)
    # Pages sort the same names (organisations, periods) on every view: each key worked
    # out once per process (a pure function of the text; a few thousand names at most).
    return _key(text)


@functools.lru_cache(maxsize=8192)
def _key(text: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(folded.split()), str(text)


def collated(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """``items`` in alphabetical order of ``key(item)`` (their name as shown by default)."""
    return sorted(items, key=lambda item: collation_key(key(item)))
