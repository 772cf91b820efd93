
from celery import shared_task

from portal.services import key_figures_refresh


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def refresh_key_figures() -> dict[str, int]:
    """Recompute the home page figures; safe to run any number of times."""
    return key_figures_refresh()
