"""Turn-the-curve charts as server-rendered SVG (no script, nothing fetched).

A chart shows the baseline, the approved actuals by period, the target on its target date
and the trend (a least-squares line through the actuals, carried to the target date). Its
``<title>`` and ``<desc>`` say the same in words; the page puts its numbers in a table
beside it. Lines differ by style (solid, dashed, dotted) and markers, not by colour alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.figures import format_number, with_percent_sign

from . import status as rule
from .selectors import IndicatorSeries

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 20, 48
ACTUAL, TARGET, TREND, GRID = "#1f4e79", "#8a4b00", "#4a4a4a", "#c7ced6"


@dataclass
class Chart:
    svg: SafeString
    title: str
    description: str


@dataclass
class ChartPoint:
    label: str
    start: datetime.date
    end: datetime.date
    value: Decimal | None  # None: not reported, withheld or suppressed
    cumulative: Decimal | None = None


@dataclass
class ChartData:
    """What a turn-the-curve chart shows, from the dashboard or from a report's snapshot."""

    name: str
    unit: str
    points: list[ChartPoint]
    cumulative: bool
    status_label: str
    trend_label: str
    baseline: Decimal | None = None
    baseline_date: datetime.date | None = None
    target: Decimal | None = None
    target_date: datetime.date | None = None
    starts: datetime.date | None = None
    ends: datetime.date | None = None


def chart_data(series: IndicatorSeries) -> ChartData:
    indicator = series.indicator
    return ChartData(
        name=str(indicator.name),
        unit=indicator.unit,
        points=[
            ChartPoint(p.period.label, p.period.start, p.period.end, p.value, p.cumulative)
            for p in series.points
        ],
        cumulative=series.cumulative,
        status_label=str(series.row.status_label),
        trend_label=str(rule.TREND_LABELS[series.row.trend]),
        baseline=indicator.baseline,
        baseline_date=indicator.baseline_date,
        target=indicator.target,
        target_date=indicator.target_date,
        starts=indicator.initiative.start,
        ends=indicator.initiative.end,
    )


def _least_squares(xs: list[float], ys: list[float]) -> tuple[float, float] | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    return slope, mean_y - slope * mean_x


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        top = step * magnitude
        if top >= value:
            return float(top)
    return float(10 * magnitude)


def _unit(data: ChartData, value: Decimal | float) -> str:
    text = format_number(Decimal(str(round(float(value), 1))))
    if data.unit == "percent":
        return with_percent_sign(text)
    return text


def turn_the_curve(data: ChartData, *, chart_id: str) -> Chart:
    reported = [p for p in data.points if p.value is not None]
    actuals = [
        (p.end, float(p.cumulative if data.cumulative else p.value)) for p in reported
    ]
    dates: list[datetime.date] = [d for d, _v in actuals]
    baseline_day = None
    if data.baseline is not None:
        baseline_day = data.baseline_date or (
            data.points[0].start if data.points else data.starts
        )
        if baseline_day:
            dates.append(baseline_day)
    if data.target is not None and data.target_date:
        dates.append(data.target_date)
    if not dates:
        dates = [d for d in (data.starts, data.ends) if d] or [datetime.date.today()]
    first_day, last_day = min(dates), max(dates)
    span = max((last_day - first_day).days, 1)
    values = [v for _d, v in actuals]
    if data.target is not None:
        values.append(float(data.target))
    if data.baseline is not None:
        values.append(float(data.baseline))
    top = _nice_top(max(values or [1.0]) * 1.05)

    def x(day: datetime.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first_day).days / span

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)

    parts: list[str] = []
    # Grid and y axis labels.
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12">'
            f"{escape(_unit(data, value))}</text>"
        )
    # x axis labels: first and last day shown, and the target date.
    for day, anchor in ((first_day, "start"), (last_day, "end")):
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" '
            f'font-size="12">{escape(day.isoformat())}</text>'
        )
    # Target: a dashed line at its level, a square on its date.
    if data.target is not None:
        ty = y(float(data.target))
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="8 5"/>'
        )
        if data.target_date:
            tx = x(data.target_date)
            parts.append(
                f'<rect x="{tx - 5:.1f}" y="{ty - 5:.1f}" width="10" height="10" '
                f'fill="{TARGET}"/>'
            )
    # Baseline: a diamond.
    if data.baseline is not None and baseline_day:
        bx, by = x(baseline_day), y(float(data.baseline))
        parts.append(
            f'<path d="M{bx:.1f} {by - 7:.1f} L{bx + 7:.1f} {by:.1f} L{bx:.1f} {by + 7:.1f} '
            f'L{bx - 7:.1f} {by:.1f} Z" fill="#fff" stroke="{ACTUAL}" stroke-width="2"/>'
        )
    # Trend: least squares through the actuals, dotted, carried to the last day.
    fit = _least_squares(
        [float((d - first_day).days) for d, _v in actuals], [v for _d, v in actuals]
    )
    if fit is not None:
        slope, intercept = fit
        start_day = actuals[0][0]

        def at(day: datetime.date) -> float:
            return max(0.0, min(top, intercept + slope * (day - first_day).days))

        parts.append(
            f'<line x1="{x(start_day):.1f}" y1="{y(at(start_day)):.1f}" '
            f'x2="{x(last_day):.1f}" y2="{y(at(last_day)):.1f}" stroke="{TREND}" '
            f'stroke-width="2" stroke-dasharray="2 4"/>'
        )
    # Actuals: a solid line with round markers.
    if actuals:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in actuals)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{ACTUAL}" stroke-width="3"/>'
        )
        parts.extend(
            f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="4.5" fill="{ACTUAL}"/>'
            for d, v in actuals
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="#1b1b1b"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
        f'y2="{HEIGHT - BOTTOM}" stroke="#1b1b1b"/>'
    )

    title = _("Turn-the-curve chart: %(indicator)s") % {"indicator": data.name}
    description = describe(data)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" fill="#1b1b1b">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
    return Chart(mark_safe(svg), title, description)  # noqa: S308 (every text is escaped)


def describe(data: ChartData) -> str:
    """The chart in one or two sentences, for its <desc> and for people who prefer words."""
    sentences = []
    if data.baseline is not None:
        sentences.append(_("Baseline: %(value)s.") % {"value": _unit(data, data.baseline)})
    reported = [p for p in data.points if p.value is not None]
    if reported:
        first, last = reported[0], reported[-1]
        key = "cumulative" if data.cumulative else "value"
        sentences.append(
            _("Approved values from %(first)s (%(first_value)s) to %(last)s (%(last_value)s).")
            % {
                "first": first.label,
                "first_value": _unit(data, getattr(first, key)),
                "last": last.label,
                "last_value": _unit(data, getattr(last, key)),
            }
        )
    else:
        sentences.append(_("No approved value yet."))
    if data.target is not None:
        if data.target_date:
            sentences.append(
                _("Target: %(value)s by %(date)s.")
                % {"value": _unit(data, data.target), "date": data.target_date.isoformat()}
            )
        else:
            sentences.append(_("Target: %(value)s.") % {"value": _unit(data, data.target)})
    else:
        sentences.append(_("No target set."))
    sentences.append(
        _("Status: %(status)s. Trend: %(trend)s.")
        % {"status": data.status_label, "trend": data.trend_label}
    )
    return " ".join(str(s) for s in sentences)
