"""A report's files, rendered from its frozen snapshot alone, in one language.

The PDF is the site's own template language (``templates/reports/report.html``, with the
turn-the-curve SVG of the dashboard) printed by WeasyPrint as PDF/UA (tagged, with its
document language); its fonts are Debian's DejaVu, nothing is fetched. The spreadsheet has
one sheet per section, numbers as numbers, dates as dates, frozen headers, and every text
cell protected against formula injection.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import gc
import hashlib
import io
import threading
import xml.etree.ElementTree as ET  # noqa: N817 (our own SVG, not untrusted input)
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from initiatives.models import Indicator, Initiative
from portal.dashboard import status as rule
from portal.dashboard.charts import LEFT, ChartData, ChartPoint, turn_the_curve
from portal.dashboard.exports import neutralise, write_sheet
from portal.figures import Figure, format_percent, threshold

OTHER = {"fr": "en", "en": "fr"}
# A report's charts, and the table of their numbers, show the latest periods up to the end
# of the report: enough to see the curve, and a report of hundreds of initiatives stays a
# document people can print (the spreadsheet has every approved value).
CHART_WINDOW = 6


@dataclass
class Text:
    """A translated text in the report's language, or the other one, marked as such."""

    text: str
    lang: str
    fell_back: bool


def pick(values: dict[str, str] | None, lang: str) -> Text:
    values = values or {}
    if values.get(lang):
        return Text(values[lang], lang, False)
    other = OTHER[lang]
    if values.get(other):
        return Text(values[other], other, True)
    return Text("", lang, False)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def shown(entry: dict[str, Any], unit: str = "count") -> str:
    """A figure of the snapshot as text: the number, or why it is withheld."""
    return str(Figure(_decimal(entry.get("value")), unit, entry.get("suppressed", "")))


@dataclass
class IndicatorView:
    data: dict[str, Any]
    name: Text
    question: str
    status: str
    trend: str
    progress: str
    target: str
    percent_of_target: str
    chart: Any
    points: dict[int, dict[str, Any]] = field(default_factory=dict)
    cells: list[dict[str, Any] | None] = field(default_factory=list)


def _chart(entry: dict[str, Any], lang: str, chart_id: str, starts, ends,
           images: dict[str, bytes] | None = None):
    running = entry["unit"] == "count" and entry["aggregation"] == "sum"
    points = [
        ChartPoint(
            p["label"][lang], _date(p["start"]), _date(p["end"]),
            _decimal(p["value"]), _decimal(p["cumulative"]),
        )
        for p in entry["points"][-CHART_WINDOW:]
    ]
    data = ChartData(
        name=pick(entry["name"], lang).text,
        unit=entry["unit"],
        points=points,
        cumulative=running,
        status_label=str(rule.STATUS_LABELS[entry["status"]]),
        trend_label=str(rule.TREND_LABELS[entry["trend"]]),
        baseline=_decimal(entry["baseline"]),
        baseline_date=_date(entry["baseline_date"]),
        target=_decimal(entry["target"]),
        target_date=_date(entry["target_date"]),
        starts=starts,
        ends=ends,
    )
    chart = turn_the_curve(data, chart_id=chart_id)
    # As an image with its description as alternative text: the PDF tags it as a figure,
    # and printing an image is much cheaper than laying out inline SVG.
    svg = _printable(str(chart.svg)).encode()
    if images is None:
        chart.image = f"data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"
    else:
        # Printing: a short name that render_pdf's fetcher serves from memory, rather than
        # hundreds of data: URLs for WeasyPrint to decode; identical charts load once.
        name = f"{CHART_SCHEME}:{hashlib.sha256(svg).hexdigest()}"
        images[name] = svg
        chart.image = name
    return chart


# --- Charts, as WeasyPrint prints them cheaply ---------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
# Debian's DejaVu Sans (fonts-dejavu-core): the report's font, also inside its charts.
CHART_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@functools.cache
def _font_metrics() -> tuple[dict[int, str], Any, int] | None:
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(CHART_FONT, lazy=True)
        return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    except (ImportError, OSError):
        return None


def _advance(text: str, font_size: float) -> float | None:
    """The width WeasyPrint gives ``text`` in an SVG (it sets each letter on its own, so
    the sum of the letters' advances in DejaVu Sans), or None if a letter is not there."""
    metrics = _font_metrics()
    if metrics is None:
        return None
    cmap, hmtx, units = metrics
    try:
        return sum(hmtx[cmap[ord(letter)]][0] for letter in text) * font_size / units
    except KeyError:
        return None


def _printable(svg: str) -> str:
    """The turn-the-curve chart of the dashboard, drawn the same, as WeasyPrint prints it
    quickly.

    WeasyPrint draws a right-aligned or centred SVG text into a separate PDF object (a form
    XObject, six per chart), and each SVG element has a cost of its own: with hundreds of
    charts, drawing them was a large part of the time to print a report. So texts are
    left-aligned at the place their anchor gave them, in DejaVu Sans; the solid lines of
    one stroke (the grid, the axes) are one path, and so are the round markers of the
    actuals. Title and description stay.

    WeasyPrint also lays out and draws an SVG text letter by letter, so the printed chart
    labels only the ends of its value axis (zero and the top): the grid lines between them
    stay, and the numbers are in the table beside the chart (its baseline and target in
    the indicator table, and in the chart's description).
    """
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    root.set("font-family", "DejaVu Sans")
    paths: dict[tuple[str | None, str | None], ET.Element] = {}
    children = []
    value_labels = [
        element for element in root
        if element.tag == f"{{{SVG_NS}}}text" and element.get("text-anchor") == "end"
        and element.get("x") == str(LEFT - 8)
    ]
    between_ends = {id(element) for element in value_labels[1:-1]}
    for element in root:
        tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
        if id(element) in between_ends:
            continue
        if tag == "text" and element.get("text-anchor", "start") in ("end", "middle"):
            size = float(element.get("font-size") or root.get("font-size") or 16)
            width = _advance(element.text or "", size)
            if width is not None:
                shift = width if element.get("text-anchor") == "end" else width / 2
                element.set("x", f"{float(element.get('x', 0)) - shift:.1f}")
                del element.attrib["text-anchor"]
        elif tag == "line" and "stroke-dasharray" not in element.attrib:
            key = (element.get("stroke"), element.get("stroke-width"))
            segment = "M{} {}L{} {}".format(
                *(element.get(a, "0") for a in ("x1", "y1", "x2", "y2")))
            if key in paths:
                paths[key].set("d", paths[key].get("d") + segment)
                continue
            element = ET.Element(f"{{{SVG_NS}}}path", {"d": segment, "fill": "none"})
            for name, value in zip(("stroke", "stroke-width"), key, strict=True):
                if value is not None:
                    element.set(name, value)
            paths[key] = element
        elif tag == "circle" and element.get("stroke") is None:
            # A round dot: a zero-length stroke with round caps, as wide as the circle.
            key = (element.get("fill"), element.get("r"))
            segment = "M{} {}h0".format(element.get("cx", "0"), element.get("cy", "0"))
            if key in paths:
                paths[key].set("d", paths[key].get("d") + segment)
                continue
            element = ET.Element(f"{{{SVG_NS}}}path", {
                "d": segment, "fill": "none", "stroke": key[0] or "#000",
                "stroke-width": f"{2 * float(key[1] or 0):g}", "stroke-linecap": "round",
            })
            paths[key] = element
        children.append(element)
    root[:] = children
    return ET.tostring(root, encoding="unicode")


def context(snapshot: dict[str, Any], lang: str,
            images: dict[str, bytes] | None = None, *, charts: bool = True) -> dict[str, Any]:
    """What the report template shows, in ``lang`` (call inside translation.override).

    Charts are ``data:`` URLs, or, given ``images``, names of the SVGs put there; without
    ``charts`` (the spreadsheet has none) they are not drawn at all.
    """
    questions = dict(Indicator.Question.choices)
    zones = dict(Initiative.Zone.choices)
    statuses = dict(Initiative.Status.choices)
    initiatives = {}
    for entry in snapshot["initiatives"]:
        views = []
        starts, ends = _date(entry["start"]), _date(entry["end"])
        for indicator in entry["indicators"]:
            unit = indicator["unit"]
            target = _decimal(indicator["target"])
            percent = _decimal(indicator["percent_of_target"])
            views.append(IndicatorView(
                data=indicator,
                name=pick(indicator["name"], lang),
                question=str(questions.get(indicator["question"], "")),
                status=str(rule.STATUS_LABELS[indicator["status"]]),
                trend=str(rule.TREND_LABELS[indicator["trend"]]),
                progress=shown(indicator["progress"], unit),
                target=str(Figure(target, unit)) if target is not None else _("no target set"),
                percent_of_target=format_percent(percent)
                if percent is not None else "—",
                chart=_chart(indicator, lang, f"chart-{indicator['id']}", starts, ends,
                             images) if charts else None,
                points={
                    p["period"]: {
                        **p, "label": p["label"][lang],
                        "shown": shown(p, unit) if p["state"] == "reported"
                        else str({"not_reported": _("Not reported"),
                                  "withheld": _("Withheld for safety")}[p["state"]]),
                        "cumulative_shown": shown({"value": p["cumulative"]})
                        if p["cumulative"] else "",
                    }
                    for p in indicator["points"][-CHART_WINDOW:]
                },
            ))
        # The periods of the charts, as the columns of the initiative's table of values.
        columns = sorted(
            {(p["start"], p["period"], p["label"]) for v in views for p in v.points.values()}
        )
        for view in views:
            view.cells = [view.points.get(period) for _start, period, _label in columns]
        initiatives[entry["id"]] = {
            "data": entry,
            "title": pick(entry["title"], lang),
            "summary": pick(entry["summary"], lang),
            "lead": pick(entry["lead"]["name"], lang) if entry["lead"] else None,
            "zone": str(zones.get(entry["zone"], "")),
            "status": str(statuses.get(entry["status"], "")),
            "indicators": views,
            "period_columns": [label for _start, _period, label in columns],
            "activities": {
                "activities": shown(entry["activities"]["activities"]),
                "participants": shown(entry["activities"]["participants"]),
                "share_in_french": shown(entry["activities"]["share_in_french"], "percent"),
            },
            "narratives": [
                {
                    "label": n["label"][lang],
                    "done": pick(n["done"], lang),
                    "next_steps": pick(n["next_steps"], lang),
                    "challenges": pick(n["challenges"], lang),
                }
                for n in entry["narratives"]
            ],
        }
    areas = [
        {
            "title": pick(area["title"], lang) if area["id"] else Text(
                _("Not tied to a priority area"), lang, False),
            "initiatives": [initiatives[i] for i in area["initiatives"]],
        }
        for area in snapshot["areas"]
    ]
    periods = snapshot["periods"]
    plan = snapshot["plan"]
    return {
        "lang": lang,
        "snapshot": snapshot,
        "scope_title": pick(snapshot["scope_title"], lang),
        "periods": [p["label"][lang] for p in periods],
        "period_span": f"{periods[0]['label'][lang]} – {periods[-1]['label'][lang]}"
        if len(periods) > 1 else periods[0]["label"][lang],
        "compiled_at": datetime.datetime.fromisoformat(snapshot["compiled_at"]),
        "data_as_of": datetime.datetime.fromisoformat(snapshot["data_as_of"]),
        "is_public": snapshot["audience"] == "public",
        "threshold": snapshot.get("threshold", threshold()),
        "plan": {
            "title": pick(plan["title"], lang),
            "vision": pick(plan["vision"], lang),
        } if plan else None,
        "areas": areas,
        "completeness": snapshot["completeness"],
        "completeness_rows": [
            {**row, "name": pick(row["organisation"]["name"], lang) if row["organisation"]
             else Text(_("A partner organisation"), lang, False)}
            for row in snapshot["completeness"]["by_organisation"]
        ],
        "outstanding": [
            {**o, "initiative": pick(o["initiative"], lang), "period": o["period"][lang],
             "lead": pick(o["lead"]["name"], lang) if o["lead"] else None,
             "due": _date(o["due"])}
            for o in snapshot["outstanding"]
        ],
    }


def render_html(snapshot: dict[str, Any], lang: str,
                images: dict[str, bytes] | None = None) -> str:
    """The report as one HTML document (charts as ``data:`` URLs unless ``images``)."""
    with translation.override(lang):
        return render_to_string("reports/report.html", context(snapshot, lang, images))


# --- PDF -----------------------------------------------------------------------------------

CHART_SCHEME = "report-chart"


def _chart_fetcher(images: dict[str, bytes]):
    """WeasyPrint's only source of resources: the report's charts, from memory.

    Anything else (there is nothing else in the template) is refused, so printing a report
    never reaches the network or the file system.
    """
    from email.message import EmailMessage

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    headers = EmailMessage()
    headers["Content-Type"] = "image/svg+xml"

    class ChartFetcher(URLFetcher):
        def fetch(self, url, headers_=None):
            try:
                return URLFetcherResponse(url, images[url], headers)
            except KeyError:
                raise ValueError(f"A report fetches nothing but its charts, not {url!r}") from None

    return ChartFetcher(allowed_protocols=())


def _cache_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` cheap to read.

    pydyf (0.13) rebuilds the tuple of every page's reference on each read, and WeasyPrint's
    PDF/UA tagging reads it once per structure element: quadratic, about a fifth of the time
    to print a report of a few hundred pages. Same tuple, rebuilt only when a page is added.
    """
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or getattr(original.fget, "_cached", False):
        return

    def page_references(self):
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_report_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(self))
            self.__dict__["_report_page_references"] = cached
        return cached[1]

    page_references._cached = True
    pydyf.PDF.page_references = property(page_references)


class _DefaultLevelZlib:
    """zlib as pydyf sees it once ``_compress_at_default_level`` ran: streams are compressed
    at zlib's default level (6) rather than at 9."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = zlib.Z_DEFAULT_COMPRESSION, *args: Any, **kwargs: Any):
        del level  # pydyf asks for 9
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs)


def _compress_at_default_level() -> None:
    """Have pydyf compress the PDF's streams at zlib's default level.

    pydyf (0.13) compresses every content stream at level 9: about a second (1.26 s against
    0.25 s at level 6) to squeeze the 19 MB of page content of a report of a few hundred
    initiatives into 2.40 MB rather than 2.50 MB. Same PDF otherwise, still deterministic.
    """
    import pydyf

    if not isinstance(pydyf.zlib, _DefaultLevelZlib):
        pydyf.zlib = _DefaultLevelZlib()


_collector_lock = threading.Lock()
_collector_holders = 0
_collector_was_enabled = False


@contextlib.contextmanager
def _without_cycle_collector():
    """Pause Python's cycle collector while a report's file is made.

    Printing builds millions of long-lived objects (the document's tree, styles, boxes,
    pages); each full collection walks all of them again, and with the heap growing the
    collector ran about sixteen of them, a fifth of the time to print a report of a few
    hundred initiatives. Reference counting still frees everything that is not a cycle;
    the cycles left are collected as usual once the collector runs again. Threads that
    print at the same time (reports compiled in the background) share the pause: the
    collector comes back when the last of them is done, as it was before the first.
    """
    global _collector_holders, _collector_was_enabled
    with _collector_lock:
        if _collector_holders == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_holders += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_holders -= 1
            if _collector_holders == 0 and _collector_was_enabled:
                gc.enable()


def render_pdf(snapshot: dict[str, Any], lang: str) -> bytes:
    from weasyprint import CSS, HTML

    _cache_page_references()
    _compress_at_default_level()
    images: dict[str, bytes] = {}
    with _without_cycle_collector():
        html = render_html(snapshot, lang, images)
        stylesheet = CSS(filename=finders.find("css/report.css"))
        return HTML(string=html, url_fetcher=_chart_fetcher(images)).write_pdf(
            stylesheets=[stylesheet], pdf_variant="pdf/ua-1", uncompressed_pdf=False
        )


# --- Spreadsheet ---------------------------------------------------------------------------


def _sheet(workbook, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    write_sheet(workbook.create_sheet(title[:31]), headers, rows)


def _cell(entry: dict[str, Any]) -> Decimal | str | None:
    """A number cell, or the reason it is withheld as text."""
    if entry.get("suppressed"):
        return str(Figure(None, "count", entry["suppressed"]))
    return _decimal(entry.get("value"))


def render_xlsx(snapshot: dict[str, Any], lang: str) -> bytes:
    from openpyxl import Workbook

    # Many long-lived objects (rows, cells) here too, see _without_cycle_collector: five full
    # collections were 0.55 s of the 2 s of the bench report's spreadsheet.
    with translation.override(lang), _without_cycle_collector():
        view = context(snapshot, lang, charts=False)
        workbook = Workbook()
        cover = workbook.active
        cover.title = _("Report")[:31]
        cover_rows = [
            (_("Report"), view["scope_title"].text),
            (_("Reporting periods"), view["period_span"]),
            (_("Compiled"), view["compiled_at"].replace(tzinfo=None)),
            (_("Data as of"), view["data_as_of"].replace(tzinfo=None)),
            (_("Audience"), _("Public: small numbers suppressed") if view["is_public"]
             else _("Internal: contains unsuppressed small numbers")),
        ]
        if view["plan"]:
            cover_rows.append((_("Plan"), view["plan"]["title"].text))
            cover_rows.append((_("Vision"), view["plan"]["vision"].text))
        for label, value in cover_rows:
            cover.append([label, neutralise(value) if isinstance(value, str) else value])
        for row in cover.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
        cover.column_dimensions["A"].width = 22
        cover.column_dimensions["B"].width = 80

        indicator_rows, value_rows, narrative_rows, activity_rows = [], [], [], []
        for area in view["areas"]:
            for initiative in area["initiatives"]:
                title = initiative["title"].text
                for indicator in initiative["indicators"]:
                    data = indicator.data
                    indicator_rows.append([
                        area["title"].text, title, indicator.question, indicator.name.text,
                        _decimal(data["baseline"]), _date(data["baseline_date"]),
                        _decimal(data["target"]), _date(data["target_date"]),
                        _cell(data["progress"]), _decimal(data["percent_of_target"]),
                        indicator.status, indicator.trend,
                    ])
                    for point in data["points"]:
                        value_rows.append([
                            title, indicator.name.text, point["label"][lang],
                            _date(point["start"]), _date(point["end"]),
                            _cell(point) if point["state"] == "reported"
                            else str({"not_reported": _("Not reported"),
                                      "withheld": _("Withheld for safety")}[point["state"]]),
                        ])
                activities = initiative["data"]["activities"]
                activity_rows.append([
                    title, _cell(activities["activities"]), _cell(activities["participants"]),
                    _cell(activities["share_in_french"]),
                ])
                for narrative in initiative["narratives"]:
                    narrative_rows.append([
                        title, narrative["label"], narrative["done"].text,
                        narrative["next_steps"].text, narrative["challenges"].text,
                    ])
        _sheet(workbook, _("Indicators"), [
            _("Priority area"), _("Initiative"), _("Question answered"), _("Indicator"),
            _("Baseline"), _("Baseline date"), _("Target"), _("Target date"),
            _("Progress so far"), _("Share of target (%)"), _("Status"), _("Trend"),
        ], indicator_rows)
        _sheet(workbook, _("Approved values"), [
            _("Initiative"), _("Indicator"), _("Period"), _("Start"), _("End"),
            _("Approved value"),
        ], value_rows)
        _sheet(workbook, _("Activities"), [
            _("Initiative"), _("Activities"), _("Participants"),
            _("Share of activities in French (%)"),
        ], activity_rows)
        _sheet(workbook, _("Narratives"), [
            _("Initiative"), _("Period"), _("What was done"), _("What is next"),
            _("Challenges"),
        ], narrative_rows)
        _sheet(workbook, _("Completeness"), [
            _("Lead organisation"), _("Expected"), _("Submitted"), _("Submitted on time"),
            _("Submitted late"), _("Approved"), _("Missing (overdue)"),
            _("Reporting rate (%)"), _("On-time rate (%)"),
        ], [
            [r["name"].text, r["expected"], r["submitted"], r["on_time"], r["late"],
             r["approved"], r["missing"], _decimal(r["reporting_rate"]),
             _decimal(r["on_time_rate"])]
            for r in view["completeness_rows"]
        ])
        _sheet(workbook, _("Missing or late"), [
            _("Initiative"), _("Lead organisation"), _("Reporting period"), _("Due date"),
            _("State"), _("Days overdue"),
        ], [
            [o["initiative"].text, o["lead"].text if o["lead"] else "", o["period"], o["due"],
             _("Missing (overdue)") if o["state"] == "missing" else _("Submitted late"),
             o["days_overdue"]]
            for o in view["outstanding"]
        ])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
