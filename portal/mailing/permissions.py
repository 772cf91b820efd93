"""Who may read the mailing list's counts and export its confirmed addresses."""

from __future__ import annotations

from partners.models import User
from partners.roles import is_coordinator, view_requires  # noqa: F401 - views ask here


def can_view_mailing_list(user: User) -> bool:
    """The counts of the mailing list (per topic, language and status; never addresses)."""
    return is_coordinator(user)


def can_export_mailing_list(user: User) -> bool:
    """The confirmed addresses, for the coordinators' mailing tool."""
    return is_coordinator(user)
