"""Escaping for code that writes HTML in Python, thousands of values per page."""

from __future__ import annotations

import html


def escape(value) -> str:
    """What Django's ``conditional_escape`` writes, as a plain string, without its wrappers
    (they cost more than the escaping): HTML (anything with ``__html__``) is kept as it
    is, anything else is escaped, quotes included."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
