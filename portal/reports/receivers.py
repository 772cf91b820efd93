"""What the reports feature does when the apps below it announce something."""

from portal.core.queue import publish

from .tasks import schedule_period_reports


def compile_quarterly_reports(sender, *, period_id: int, **kwargs) -> None:
    """A period was locked: compile each priority area's report for it, on a worker."""
    publish(schedule_period_reports, (period_id,))
