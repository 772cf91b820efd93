"""Sending a task to the broker from a request: quickly, or not at all.

A broker that is down refuses the connection at once. A broker that hangs (a Redis process
stopped, a network that drops packets) accepts it and never answers, and each publish then
waited for Celery's socket time-out (5 s; the worker keeps that one): an approval took
5.6 s. :func:`publish` sends with a short time-out of its own
(``BROKER_PUBLISH_TIMEOUT_SECONDS``), asks for no result (the result backend's subscription
was a second wait on the same Redis), and after a failure does not try the broker again
for ``BROKER_RETRY_AFTER_SECONDS``: each caller then does what it does when the broker is
down (deliver the email in the request, say that reports are not available, run the import
in the request). So a request pays the short time-out once, as ``portal.core.cache`` does for
the cache.

The ground floor: imports no app of the project.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

logger = logging.getLogger("portal.core.queue")


class BrokerUnavailable(Exception):
    """The task was not sent: the broker is down, hung, or was so a moment ago."""


_down_until = 0.0


def publish(task, args: tuple = (), **options) -> None:
    """Send ``task`` with ``args`` to the broker, or raise :class:`BrokerUnavailable`."""
    global _down_until
    if time.monotonic() < _down_until:
        raise BrokerUnavailable("the broker did not answer a moment ago")
    timeout = settings.BROKER_PUBLISH_TIMEOUT_SECONDS
    try:
        with task.app.connection_for_write(
            connect_timeout=timeout,
            transport_options={"socket_connect_timeout": timeout, "socket_timeout": timeout,
                               "max_retries": 0},
        ) as connection:
            task.apply_async(args, connection=connection, retry=False, ignore_result=True,
                             **options)
    except Exception as error:
        _down_until = time.monotonic() + settings.BROKER_RETRY_AFTER_SECONDS
        logger.warning("Broker unavailable (%s): not trying it again for %s s.", error,
                       settings.BROKER_RETRY_AFTER_SECONDS)
        raise BrokerUnavailable(str(error)) from error


def forget_outage() -> None:
    """Try the broker again at the next publish (tests, and a process that knows better)."""
    global _down_until
    _down_until = 0.0
