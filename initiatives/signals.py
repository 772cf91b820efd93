"""What this app announces, for the features above it to act on (they import this app; it
never imports them)."""

from django.dispatch import Signal

# A coordinator locked a reporting period; sent once the lock is committed, with
# ``period_id``. The reports feature compiles the period's quarterly reports on it.
period_locked = Signal()
