"""Accent and case folding for the search fallback (SQLite, ``make run``): "securite" finds
"sécurité", "PREVENTION" finds "prévention".

:func:`fold` takes the accents off (Unicode decomposition, combining marks dropped) and folds
the case; :class:`Fold` does the same in SQL: on SQLite with a function of this module
registered on the connection (SQLite has no ``unaccent``), on PostgreSQL with ``unaccent``
and ``lower`` (the extension is installed by the migration ``api/0001_unaccent``; only
``bench/search.py`` runs the fallback there, for comparison).
"""

from __future__ import annotations

import unicodedata

from django.db.models import Func, TextField

SQLITE_FUNCTION = "portal_fold"


def fold(text: str | None) -> str:
    """``text`` without accents, case-folded ("Sécurité" → "securite")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index in ``text`` of the character
    it comes from (to mark, in the original text, what was found in the folded one)."""
    folded, positions = [], []
    for index, character in enumerate(text):
        part = fold(character)
        folded.append(part)
        positions.extend([index] * len(part))
    return "".join(folded), positions


class Fold(Func):
    """A text column folded as :func:`fold` does, in SQL."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        # Registered on each query's connection (a new connection has no functions); cheap.
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))",
                              **extra_context)
