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
import gc
import hashlib
import io
import os
import threading
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from initiatives.models import Indicator, Initiative
from portal.core.figures import Figure, format_percent, rounding_base, threshold
from portal.core.spreadsheets import neutralise, write_sheet
from portal.core.text import printable
from portal.dashboard import status as rule
from portal.dashboard.charts import ChartData, ChartPoint, turn_the_curve

from .printchart import printable as printable_chart

OTHER = {"fr": "en", "en": "fr"}


@dataclass
class Text:
    """A translated text in the report's language, or the other one, marked as such."""

    text: str
    lang: str
    fell_back: bool


def pick(values: dict[str, str] | None, lang: str) -> Text:
    # Printable whatever a stored text holds (portal.core.text): XLSX and the PDF's source are
    # XML, which cannot carry a control character.
    values = {key: printable(text) for key, text in (values or {}).items() if text}
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
    """A figure of the snapshot as text: the number (0 as 0, a share with its sign), or why
    it is withheld."""
    return str(Figure(_decimal(entry.get("value")), unit, entry.get("suppressed", "")))


@dataclass
class IndicatorView:
    data: dict[str, Any]
    name: Text
    question: str
    status: str
    trend: str
    progress: str
    baseline: str
    target: str
    percent_of_target: str
    chart: Any
    # The report's periods, each with its approved value as text (and running total).
    rows: list[dict[str, Any]] = field(default_factory=list)
    # The label of the first period a running total counts from, when before the report's.
    running_since: str = ""


def _chart(entry: dict[str, Any], lang: str, chart_id: str, starts, ends,
           images: dict[str, bytes] | None = None):
    """The indicator's turn-the-curve chart over the report's periods, with its legend, or
    None when none of their values can be shown (the report says so in words instead)."""
    running = entry["unit"] == "count" and entry["aggregation"] == "sum"
    points = [
        ChartPoint(
            p["label"][lang], _date(p["start"]), _date(p["end"]),
            _decimal(p["value"]), _decimal(p["cumulative"]),
        )
        for p in entry["points"] if p.get("in_report", True)
    ]
    if not any((p.cumulative if running else p.value) is not None for p in points):
        return None
    baseline = entry["baseline"]
    data = ChartData(
        name=pick(entry["name"], lang).text,
        unit=entry["unit"],
        points=points,
        cumulative=running,
        status_label=str(rule.STATUS_LABELS[entry["status"]]),
        trend_label=str(rule.TREND_LABELS[entry["trend"]]),
        baseline=_decimal(baseline["value"]),
        baseline_date=_date(entry["baseline_date"]),
        target=_decimal(entry["target"]),
        target_date=_date(entry["target_date"]),
        starts=starts,
        ends=ends,
    )
    chart = turn_the_curve(data, chart_id=chart_id, legend=True)
    # As an image with its description as alternative text: the PDF tags it as a figure,
    # and printing an image is much cheaper than laying out inline SVG.
    svg = printable_chart(str(chart.svg)).encode()
    if images is None:
        chart.image = f"data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"
    else:
        # Printing: a short name that render_pdf's fetcher serves from memory, rather than
        # hundreds of data: URLs for WeasyPrint to decode; identical charts load once.
        name = f"{CHART_SCHEME}:{hashlib.sha256(svg).hexdigest()}"
        images[name] = svg
        chart.image = name
    return chart


def _point_text(point: dict[str, Any], unit: str) -> str:
    if point["state"] == "reported":
        return shown(point, unit)
    return str({"not_reported": _("Not reported"),
                "withheld": _("Withheld for safety")}[point["state"]])


def _indicator_view(indicator: dict[str, Any], entry: dict[str, Any], lang: str, questions,
                    images: dict[str, bytes] | None, charts: bool) -> IndicatorView:
    unit = indicator["unit"]
    running = unit == "count" and indicator["aggregation"] == "sum"
    target = _decimal(indicator["target"])
    percent = _decimal(indicator["percent_of_target"])
    in_report = [p for p in indicator["points"] if p.get("in_report", True)]
    earlier = [p for p in indicator["points"]
               if not p.get("in_report", True) and p["state"] == "reported"]
    baseline = indicator["baseline"]
    return IndicatorView(
        data=indicator,
        name=pick(indicator["name"], lang),
        question=str(questions.get(indicator["question"], "")),
        status=str(rule.STATUS_LABELS[indicator["status"]]),
        trend=str(rule.TREND_LABELS[indicator["trend"]]),
        progress=shown(indicator["progress"], unit),
        baseline=shown(baseline, unit) if baseline["value"] is not None
        or baseline.get("suppressed") else "—",
        target=str(Figure(target, unit)) if target is not None else _("no target set"),
        percent_of_target=format_percent(percent) if percent is not None else "—",
        chart=_chart(indicator, lang, f"chart-{indicator['id']}", _date(entry["start"]),
                     _date(entry["end"]), images) if charts else None,
        rows=[
            {
                "label": p["label"][lang],
                "shown": _point_text(p, unit),
                "cumulative": shown({"value": p.get("cumulative"),
                                     "suppressed": p.get("cumulative_suppressed", "")})
                if p["state"] == "reported" else "—",
            }
            for p in in_report
        ],
        running_since=earlier[0]["label"][lang] if running and earlier else "",
    )


def _tally(views: list[IndicatorView]) -> dict[str, int]:
    statuses = [view.data["status"] for view in views]
    return {
        "total": len(statuses),
        "on_track": statuses.count(rule.ON_TRACK),
        "behind": statuses.count(rule.BEHIND),
        "not_enough_data": statuses.count(rule.NOT_ENOUGH_DATA),
    }


def _indicators_reading(tally: dict[str, int]) -> str:
    """"6 of 12 indicators on track, 2 behind, 4 without enough data to tell"."""
    if not tally["total"]:
        return _("No indicator.")
    return ngettext(
        "%(on_track)s of %(total)s indicator on track, %(behind)s behind, "
        "%(not_enough_data)s without enough data to tell.",
        "%(on_track)s of %(total)s indicators on track, %(behind)s behind, "
        "%(not_enough_data)s without enough data to tell.",
        tally["total"],
    ) % tally


def _reporting_reading(reporting: dict[str, Any]) -> str:
    """"5 of 6 updates submitted, 1 overdue"."""
    text = ngettext(
        "%(submitted)s of %(expected)s update submitted",
        "%(submitted)s of %(expected)s updates submitted",
        reporting["expected"],
    ) % reporting
    if reporting["missing"]:
        text += ", " + ngettext("%(count)s overdue", "%(count)s overdue",
                                reporting["missing"]) % {"count": reporting["missing"]}
    closed = reporting.get("closed", 0)  # absent from snapshots taken before it was counted
    if closed:
        text += ", " + ngettext("%(count)s not reported (period closed)",
                                "%(count)s not reported (period closed)",
                                closed) % {"count": closed}
    return text + "."


def _summary(snapshot: dict[str, Any], areas: list[dict[str, Any]],
             views: list[IndicatorView]) -> dict[str, Any]:
    """The executive summary: where the report's indicators stand, area by area (initiative
    by initiative when it covers one area), its headline figures and who has reported."""
    if len(areas) > 1:
        rows = [
            {"name": area["title"], "activities": area["activities"],
             "reporting": area.get("reporting"),
             **_tally([v for i in area["initiatives"] for v in i["indicators"]])}
            for area in areas
        ]
        by = _("Priority area")
    else:
        rows = [
            {"name": initiative["title"], "activities": initiative["activities"],
             "reporting": initiative["data"].get("reporting"),
             **_tally(initiative["indicators"])}
            for area in areas for initiative in area["initiatives"]
        ]
        by = _("Initiative")
    for row in rows:
        row["reading"] = _indicators_reading(row)
        reporting = row["reporting"]
        if reporting and reporting["expected"]:
            row["reading"] += " " + _reporting_reading(reporting)
            row["reporting_rate"] = format_percent(_decimal(reporting["reporting_rate"]))
            row["overdue"] = reporting["missing"]
        else:
            row["reporting_rate"], row["overdue"] = "—", 0 if reporting else "—"
    totals = _tally(views)
    completeness = snapshot["completeness"]["total"]
    activities = snapshot.get("activities")
    readings = [(_("Indicators"), _indicators_reading(totals))]
    if activities is not None:
        readings.append((_("Activities"), _(
            "%(activities)s activities and %(participants)s participants in the approved "
            "quarters of these periods."
        ) % {"activities": shown(activities["activities"]),
             "participants": shown(activities["participants"])}))
    if completeness["expected"]:
        readings.append((_("Reporting"), _(
            "%(submitted)s of %(expected)s updates due were submitted (%(rate)s), "
            "%(on_time)s on time (%(on_time_rate)s)."
        ) % {"submitted": completeness["submitted"], "expected": completeness["expected"],
             "rate": format_percent(_decimal(completeness["reporting_rate"])),
             "on_time": completeness["on_time"],
             "on_time_rate": format_percent(_decimal(completeness["on_time_rate"]))}))
    else:
        readings.append((_("Reporting"), _("No update was due yet in these periods.")))
    overdue = completeness["missing"]
    readings.append((_("Overdue"), ngettext(
        "%(count)s update is overdue.", "%(count)s updates are overdue.", overdue
    ) % {"count": overdue} if overdue else _("No update is overdue.")))
    closed = completeness.get("closed", 0)
    if closed:
        readings.append((_("Not reported (period closed)"), ngettext(
            "%(count)s update was not reported before its period was closed.",
            "%(count)s updates were not reported before their period was closed.", closed
        ) % {"count": closed}))
    return {"by": by, "rows": rows, "readings": readings, "totals": totals}


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
    all_views: list[IndicatorView] = []
    for entry in snapshot["initiatives"]:
        views = [_indicator_view(indicator, entry, lang, questions, images, charts)
                 for indicator in entry["indicators"]]
        all_views.extend(views)
        initiatives[entry["id"]] = {
            "data": entry,
            "title": pick(entry["title"], lang),
            "summary": pick(entry["summary"], lang),
            "lead": pick(entry["lead"]["name"], lang) if entry["lead"] else None,
            "zone": str(zones.get(entry["zone"], "")),
            "status": str(statuses.get(entry["status"], "")),
            "indicators": views,
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
            "activities": {
                key: shown(value, "percent" if key == "share_in_french" else "count")
                for key, value in area["activities"].items()
            } if "activities" in area else None,
            "reporting": area.get("reporting"),
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
        "compiled_at": local_time(snapshot["compiled_at"]),
        "data_as_of": local_time(snapshot["data_as_of"]),
        "is_public": snapshot["audience"] == "public",
        "threshold": snapshot.get("threshold", threshold()),
        "plan": {
            "title": pick(plan["title"], lang),
            "vision": pick(plan["vision"], lang),
        } if plan else None,
        "areas": areas,
        "summary": _summary(snapshot, areas, all_views),
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


def local_time(value: str) -> datetime.datetime:
    """A moment of the snapshot in the portal's time zone (its offset kept, whatever the
    zone of the process that prints it)."""
    return timezone.localtime(datetime.datetime.fromisoformat(value))


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
    # pydyf's own, for the guard test to check its shape
    # (tests/architecture/test_patched_internals.py).
    page_references.__wrapped__ = original.fget
    pydyf.PDF.page_references = property(page_references)


def _tag_languages() -> None:
    """Give each tagged element whose HTML element has its own ``lang`` a ``/Lang`` entry.

    WeasyPrint (70) declares the document's language in the catalogue but not the language
    of a passage in the other one (a narrative written in French only, in an English
    report), which PDF/UA asks for (ISO 14289-1, 7.2) so that a screen reader switches
    voice. Its structure tree is built by the recursive ``tags._build_box_tree``, one call
    per box: the wrapper adds the entry to the element built for a box with ``lang``.
    A test (``test_pdf_tags_other_language_passages``) fails if WeasyPrint changes this.
    """
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "_tags_languages", False):
        return

    def build_box_tree(box, parent, pdf, *args, **kwargs):
        element = getattr(box, "element", None)
        # The root's language is the catalogue's /Lang (html and body build no element).
        lang = (element.get("lang") if element is not None
                and getattr(box, "element_tag", None) not in ("html", "body") else None)
        for built in original(box, parent, pdf, *args, **kwargs):
            if lang and built.get("P") == parent.reference:
                built["Lang"] = pydyf.String(lang)
            yield built

    build_box_tree._tags_languages = True
    tags._build_box_tree = build_box_tree


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

    # The fonts WeasyPrint embeds are subset by fontTools, which stamps each with the time
    # it is written unless SOURCE_DATE_EPOCH fixes it (the reproducible-builds convention):
    # without it, the same snapshot printed a second later gave other bytes.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

    _cache_page_references()
    _compress_at_default_level()
    _tag_languages()
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
    """A number cell (as published, on a public report), or the reason it is withheld."""
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
            # Local times (the portal's time zone), as on the PDF and the report's page.
            (_("Compiled"), view["compiled_at"].replace(tzinfo=None)),
            (_("Data as of"), view["data_as_of"].replace(tzinfo=None)),
            (_("Time zone"), timezone.get_current_timezone_name()),
            (_("Audience"), _("Public: small numbers suppressed") if view["is_public"]
             else _("Internal: contains unsuppressed small numbers")),
            (_("Figures"), _("As published on the portal: counts rounded to the nearest "
                             "%(base)s, counts below %(threshold)s withheld, shares as whole "
                             "percentages.") % {"base": rounding_base(),
                                                "threshold": view["threshold"]} if view["is_public"]
             else _("Exact approved figures.")),
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
                        _cell(data["baseline"]), _date(data["baseline_date"]),
                        _decimal(data["target"]), _date(data["target_date"]),
                        _cell(data["progress"]), _decimal(data["percent_of_target"]),
                        indicator.status, indicator.trend,
                    ])
                    for point in data["points"]:
                        if not point.get("in_report", True):
                            continue  # the report's periods only
                        reported = point["state"] == "reported"
                        value_rows.append([
                            title, indicator.name.text, point["label"][lang],
                            _date(point["start"]), _date(point["end"]),
                            _cell(point) if reported else _point_text(point, data["unit"]),
                            _cell({"value": point.get("cumulative"),
                                   "suppressed": point.get("cumulative_suppressed", "")})
                            if reported and point.get("cumulative") is not None
                            or point.get("cumulative_suppressed") else None,
                            indicator.running_since,
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
            _("Approved value"), _("Running total"), _("Running total counts from"),
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
            _("Lead organisation"), pgettext("updates counted", "Expected"),
            pgettext("updates counted", "Submitted"), _("Submitted on time"),
            _("Submitted late"), pgettext("updates counted", "Approved"), _("Missing (overdue)"),
            _("Reporting rate (%)"), _("On-time rate (%)"),
        ], [
            [r["name"].text, r["expected"], r["submitted"], r["on_time"], r["late"],
             r["approved"], r["missing"], _decimal(r["reporting_rate"]),
             _decimal(r["on_time_rate"])]
            for r in view["completeness_rows"]
        ])
        _sheet(workbook, _("Missing or late"), [
            _("Initiative"), _("Lead organisation"), _("Reporting period"), _("Due date"),
            _("State"), _("Submitted on"), _("Days after the due date"),
        ], [
            [o["initiative"].text, o["lead"].text if o["lead"] else "", o["period"], o["due"],
             # The state of one update: singular, unlike the columns of counts above.
             pgettext("update state", "Missing (overdue)") if o["state"] == "missing"
             else pgettext("update state", "Submitted late"),
             _date(o.get("submitted_on")),
             o["days_overdue"] if o["state"] == "missing" else o.get("days_late")]
            for o in view["outstanding"]
        ])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
