from celery import shared_task

from portal.mailing import services


@shared_task(soft_time_limit=240, time_limit=300)
def purge_unconfirmed_signups() -> int:
    """Beat, daily: delete the sign-ups never confirmed within MAILING_UNCONFIRMED_DAYS."""
    return services.subscription_purge_unconfirmed()
