"""The dashboard's summary table."""

from django.db import models


class IndicatorStanding(models.Model):
    """An indicator's approved values up to the end of one reporting period, summed up: what
    the dashboard's status rule reads of it (``portal.dashboard.standings``).

    The dashboard's summary table: derived data, never edited, rewritten for an indicator
    whenever one of its approved values changes (an approval, a return, a value saved or
    deleted) and for every indicator when a reporting period's dates change or it is
    deleted; a period added gets a copy of the rows of the period before it.
    One row per indicator and period, from the first period with an approved value on (a
    later period without a value repeats the figures), so "as of" any period is one row per
    indicator. The ids are plain numbers, not foreign keys: rows of a deleted indicator or
    period are never read, and deleting one never waits on this table.
    """

    indicator_id = models.PositiveIntegerField()
    period_id = models.PositiveIntegerField()
    points = models.PositiveIntegerField()  # approved values with a number
    not_reported = models.PositiveIntegerField()
    withheld = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=18, decimal_places=2)  # of the values with a number
    # The sums of numerators and denominators, when every value with a number has one.
    numerators = models.BigIntegerField(null=True)
    denominators = models.BigIntegerField(null=True)
    # The first value with a number, and the latest few, oldest first, each
    # [period id, value, numerator, denominator] (the value as text).
    first = models.JSONField(null=True)
    recent = models.JSONField(default=list)

    class Meta:
        db_table = "portal_indicatorstanding"
        constraints = [
            # Indicator first: the dashboard reads the rows of its initiatives' indicators
            # as of one period; the index finds just those rows (a period's rows lie all
            # over the table, since each indicator's rows are rewritten together).
            models.UniqueConstraint(
                fields=["indicator_id", "period_id"], name="standing_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"indicator {self.indicator_id} as of period {self.period_id}"
