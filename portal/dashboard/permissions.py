"""Who may open the coordinators' dashboard and its downloads."""

from __future__ import annotations

from partners.models import User
from partners.roles import is_coordinator, view_requires  # noqa: F401 - views ask here


def can_view_dashboard(user: User) -> bool:
    """The dashboard across all partners (and its downloads) is the coordinators'."""
    return is_coordinator(user)
