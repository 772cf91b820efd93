"""Turn-the-curve charts as server-rendered SVG (no script, nothing fetched).

A chart shows the baseline, the approved actuals by period, the target on its target date
and the trend (a least-squares line through the actuals, carried to the target date). Its
``<title>`` and ``<desc>`` say the same in words; the page puts its numbers in a table
beside it. Lines differ by style (solid, dashed, dotted) and markers, not by colour alone.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.core.figures import format_number, with_percent_sign
from portal.core.i18n import format_date

from . import status as rule
from .selectors import IndicatorSeries

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP = 72, 24, 34
# The plot ends here; under it, the time axis's labels, then the legend (two rows at most).
PLOT_BOTTOM = 270
LEGEND_TOP = 312
FONT = 14
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


def value_ticks(maximum: float, *, whole: bool = False) -> list[float]:
    """Round ticks of a value axis from 0 to at least ``maximum``: at most six, each a
    multiple of 1, 2, 2.5 or 5 times a power of ten (0, 100, 200 … 500; 0, 20 … 100 %).
    ``whole`` (counts) keeps the step at 1 or more."""
    maximum = max(maximum, 1.0 if whole else 0.0) or 1.0
    magnitude = 10 ** math.floor(math.log10(maximum / 5))
    step = maximum
    for factor in (1, 2, 2.5, 5, 10, 20):
        step = factor * magnitude
        if whole and step < 1:
            continue
        if math.ceil(maximum / step - 1e-9) <= 5:
            break
    count = math.ceil(maximum / step - 1e-9)
    return [step * i for i in range(count + 1)]


def _unit(data: ChartData, value: Decimal | float) -> str:
    text = format_number(Decimal(str(round(float(value), 1))))
    if data.unit == "percent":
        return with_percent_sign(text)
    return text


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of a label's width (DejaVu Sans' digits are 0.64 em): enough to
    keep two labels of the chart apart, in any sans-serif font."""
    return len(text) * font_size * 0.64


def axis_title(data: ChartData) -> str:
    if data.unit == "percent":
        return _("Share (%)")
    if data.cumulative:
        return _("Running total")
    return _("Number in the period")


def _place_labels(candidates: list[tuple[float, str]], *, font_size: float,
                  gap: float = 10) -> list[tuple[float, str]]:
    """The labels of a time axis that fit side by side, in the order given (the first are
    kept first), each centred on its place and kept inside the chart."""
    kept: list[tuple[float, float, float, str]] = []
    for centre, text in candidates:
        width = text_width(text, font_size)
        left = min(max(centre - width / 2, 2.0), WIDTH - 2 - width)
        right = left + width
        if any(left < k_right + gap and right + gap > k_left for k_left, k_right, _c, _t
               in kept):
            continue
        kept.append((left, right, left + width / 2, text))
    return sorted((centre, text) for _l, _r, centre, text in kept)


def turn_the_curve(data: ChartData, *, chart_id: str, legend: bool = False) -> Chart:
    """The chart as SVG; with ``legend``, its key drawn under it (a printed report has no
    HTML legend beside the chart, as the dashboard's page has)."""
    # Read the value the chart plots: a running total may be withheld where the value is not.
    key = "cumulative" if data.cumulative else "value"
    actuals = [
        (p.end, float(getattr(p, key))) for p in data.points if getattr(p, key) is not None
    ]
    dates: list[datetime.date] = [d for d, _v in actuals] + [p.end for p in data.points]
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
    ticks = value_ticks(max(values or [1.0]) * 1.02, whole=data.unit != "percent")
    top = ticks[-1] or 1.0
    # Room at each end of the time axis for the markers and the labels centred on them.
    inner_left, inner_right = LEFT + 24, WIDTH - RIGHT - 24

    def x(day: datetime.date) -> float:
        return inner_left + (inner_right - inner_left) * (day - first_day).days / span

    def y(value: float) -> float:
        return TOP + (PLOT_BOTTOM - TOP) * (1 - value / top)

    parts: list[str] = [
        f'<text x="{LEFT - 8}" y="{TOP - 10}" font-size="{FONT}" '
        f'font-weight="bold">{escape(axis_title(data))}</text>'
    ]
    # Grid and value axis labels, at round values.
    for value in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-size="{FONT}">{escape(_unit(data, value))}</text>'
        )
    # Time axis: each period by its name, under its end (where its value is drawn); then the
    # target's and the baseline's dates, where there is room.
    candidates = [(x(p.end), p.label) for p in data.points]
    if len(candidates) > 1:  # the latest period first, then the earliest, then between
        candidates = [candidates[-1], candidates[0], *candidates[1:-1]]
    last_labelled = data.points[-1].end if data.points else None
    for day in (data.target_date if data.target is not None else None, baseline_day):
        if day and day != last_labelled:
            candidates.append((x(day), format_date(day, "month")))
    for centre, text in _place_labels(candidates, font_size=FONT):
        parts.append(
            f'<line x1="{centre:.1f}" x2="{centre:.1f}" y1="{PLOT_BOTTOM}" '
            f'y2="{PLOT_BOTTOM + 5}" stroke="#1b1b1b" stroke-width="1"/>'
            f'<text x="{centre:.1f}" y="{PLOT_BOTTOM + 20}" text-anchor="middle" '
            f'font-size="{FONT}">{escape(text)}</text>'
        )
    keys: list[tuple[str, str]] = []
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
        keys.append(("target", _("Target")))
    # Baseline: a diamond.
    if data.baseline is not None and baseline_day:
        bx, by = x(baseline_day), y(float(data.baseline))
        parts.append(_diamond(bx, by))
        keys.append(("baseline", _("Baseline")))
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
        keys.append(("trend", _("Trend")))
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
        keys.insert(0, ("actual", _("Running total") if data.cumulative
                          else _("Approved values")))
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{PLOT_BOTTOM}" stroke="#1b1b1b"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{PLOT_BOTTOM}" '
        f'y2="{PLOT_BOTTOM}" stroke="#1b1b1b"/>'
    )
    height = HEIGHT
    if legend:
        parts.append(_legend(keys))
    else:
        height = LEGEND_TOP - 12

    title = _("Turn-the-curve chart: %(indicator)s") % {"indicator": data.name}
    description = describe(data)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" fill="#1b1b1b">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
    return Chart(mark_safe(svg), title, description)  # noqa: S308 (every text is escaped)


def _diamond(cx: float, cy: float, r: float = 7) -> str:
    return (
        f'<path d="M{cx:.1f} {cy - r:.1f} L{cx + r:.1f} {cy:.1f} L{cx:.1f} {cy + r:.1f} '
        f'L{cx - r:.1f} {cy:.1f} Z" fill="#fff" stroke="{ACTUAL}" stroke-width="2"/>'
    )


def _legend(entries: list[tuple[str, str]]) -> str:
    """A key under the time axis: each line or marker of the chart drawn small, then what
    it stands for; entries flow onto a second line when the first is full."""
    parts = []
    x, row = float(LEFT), 0
    for kind, label in entries:
        width = 30 + text_width(label, FONT)
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, row = float(LEFT), row + 1
        cy = LEGEND_TOP + row * 20
        if kind == "actual":
            parts.append(
                f'<line x1="{x:.1f}" x2="{x + 22:.1f}" y1="{cy}" y2="{cy}" stroke="{ACTUAL}" '
                f'stroke-width="3"/><circle cx="{x + 11:.1f}" cy="{cy}" r="4.5" '
                f'fill="{ACTUAL}"/>'
            )
        elif kind == "target":
            parts.append(
                f'<line x1="{x:.1f}" x2="{x + 22:.1f}" y1="{cy}" y2="{cy}" stroke="{TARGET}" '
                f'stroke-width="2" stroke-dasharray="8 5"/><rect x="{x + 6:.1f}" '
                f'y="{cy - 5}" width="10" height="10" fill="{TARGET}"/>'
            )
        elif kind == "baseline":
            parts.append(_diamond(x + 11, cy))
        else:
            parts.append(
                f'<line x1="{x:.1f}" x2="{x + 22:.1f}" y1="{cy}" y2="{cy}" stroke="{TREND}" '
                f'stroke-width="2" stroke-dasharray="2 4"/>'
            )
        parts.append(
            f'<text x="{x + 28:.1f}" y="{cy + 4}" font-size="{FONT}">{escape(label)}</text>'
        )
        x += width + 18
    return "".join(parts)


def describe(data: ChartData) -> str:
    """The chart in one or two sentences, for its <desc> and for people who prefer words."""
    sentences = []
    if data.baseline is not None:
        sentences.append(_("Baseline: %(value)s.") % {"value": _unit(data, data.baseline)})
    key = "cumulative" if data.cumulative else "value"
    reported = [p for p in data.points if getattr(p, key) is not None]
    if reported:
        first, last = reported[0], reported[-1]
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
                % {"value": _unit(data, data.target), "date": format_date(data.target_date)}
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
