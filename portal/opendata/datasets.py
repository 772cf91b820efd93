"""The data dictionary: each dataset's stable columns, their type and their meaning.

Column names are English snake_case and the same in both languages; labels come in both
languages as separate columns (``title_fr``, ``title_en``). Descriptions are interface
strings: the page shows them in its language, the JSON metadata in both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.figures import rounding_base, suppression_marker, threshold

# Types of a column, with how the page names them.
INTEGER = "integer"
STRING = "string"
DATE = "date"
DATETIME = "datetime"
DECIMAL = "decimal"
FIGURE = "figure"
URL = "url"
LIST = "list"

TYPE_LABELS: dict[str, Promise] = {
    INTEGER: _("whole number"),
    STRING: _("text"),
    DATE: _("date (YYYY-MM-DD)"),
    DATETIME: _("date and time (ISO 8601)"),
    DECIMAL: _("number"),
    FIGURE: _("number, or the marker for a small count, or empty"),
    URL: _("web address"),
    LIST: _("list (in CSV, values separated by a vertical bar)"),
}

# In a CSV cell, the values of a list column (a JSON array) are joined with this.
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Promise

    @property
    def type_label(self) -> Promise:
        return TYPE_LABELS[self.type]


@dataclass(frozen=True)
class Dataset:
    key: str  # in the download's address and file name, the same in both languages
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    # Whether ``?initiative=<id or slug>`` narrows it to one initiative.
    filter_by_initiative: bool = False

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


INDICATOR_VALUES = Dataset(
    key="indicator-values",
    title=_("Approved indicator values"),
    description=_(
        "The figures of the public indicators of public initiatives, from progress updates "
        "approved by the coordinator only: one row per indicator and reporting period, and "
        "one row per indicator with its progress to date, exactly as the initiative's page "
        "shows it."
    ),
    filter_by_initiative=True,
    columns=(
        Column("initiative_id", INTEGER, _("Identifier of the initiative.")),
        Column("initiative_title_fr", STRING, _("Title of the initiative, in French.")),
        Column("initiative_title_en", STRING, _("Title of the initiative, in English.")),
        Column("indicator_id", INTEGER, _("Identifier of the indicator.")),
        Column("indicator_name_fr", STRING, _("Name of the indicator, in French.")),
        Column("indicator_name_en", STRING, _("Name of the indicator, in English.")),
        Column("unit", STRING, _("“count” (a number of people, activities…) or “percent” "
                                 "(a share, as a whole percentage).")),
        Column("aggregation", STRING, _(
            "How periods add up to the progress to date: “sum”, “latest” (the latest "
            "period) or “average”.")),
        Column("scope", STRING, _(
            "“period”: the value of one reporting period; “to_date”: the progress to date "
            "over all approved periods, as on the initiative's page (computed from the exact "
            "values, so it may differ from the sum of the rounded period values).")),
        Column("period_start", DATE, _(
            "First day of the period (for “to_date”: of the first approved period).")),
        Column("period_end", DATE, _(
            "Last day of the period (for “to_date”: of the latest approved period).")),
        Column("period_label_fr", STRING,
               _("Name of the period, in French (empty for “to_date”).")),
        Column("period_label_en", STRING,
               _("Name of the period, in English (empty for “to_date”).")),
        Column("value", FIGURE, _(
            "The published figure: a count rounded to the base, a share as a whole "
            "percentage; the marker for a count below the threshold; empty when there is no "
            "figure or a share is withheld (see value_status).")),
        Column("value_status", STRING, _(
            "“shown”: value is a number; “small”: a count below the threshold, written as the "
            "marker; “hidden”: a share withheld because a count it comes from is small "
            "(value empty); “none”: no approved figure yet (value empty).")),
        Column("target", DECIMAL, _(
            "Target of the indicator, as set by the partners (a commitment, not a count of "
            "people: not rounded); empty when none is set.")),
    ),
)

INITIATIVES = Dataset(
    key="initiatives",
    title=_("Initiatives"),
    description=_(
        "The public initiatives of the partnership, with their priority areas, their zone in "
        "the Community Safety and Well-Being framework, their lead organisation and status."
    ),
    columns=(
        Column("initiative_id", INTEGER, _("Identifier of the initiative.")),
        Column("slug_fr", STRING, _("Short name of the initiative in its French address.")),
        Column("slug_en", STRING, _("Short name of the initiative in its English address.")),
        Column("title_fr", STRING, _("Title, in French.")),
        Column("title_en", STRING, _("Title, in English.")),
        Column("priority_area_ids", LIST, _("Identifiers of the priority areas it serves.")),
        Column("priority_areas_fr", LIST, _("Titles of the priority areas, in French.")),
        Column("priority_areas_en", LIST, _("Titles of the priority areas, in English.")),
        Column("zone", STRING, _(
            "Zone in the Community Safety and Well-Being framework: “social_development”, "
            "“prevention”, “risk_intervention” or “incident_response”.")),
        Column("zone_fr", STRING, _("Name of the zone, in French.")),
        Column("zone_en", STRING, _("Name of the zone, in English.")),
        Column("lead_organisation", STRING, _(
            "Short name (slug) of the lead organisation, as in the organisations dataset; "
            "empty when the lead is not listed publicly.")),
        Column("lead_organisation_fr", STRING, _("Name of the lead organisation, in French.")),
        Column("lead_organisation_en", STRING, _("Name of the lead organisation, in English.")),
        Column("status", STRING, _(
            "“planned”, “active”, “completed” or “on_hold”.")),
        Column("status_fr", STRING, _("Status, in French.")),
        Column("status_en", STRING, _("Status, in English.")),
        Column("start", DATE, _("Start date.")),
        Column("end", DATE, _("End date (empty when ongoing).")),
        Column("url_fr", URL, _("Public page of the initiative, in French.")),
        Column("url_en", URL, _("Public page of the initiative, in English.")),
    ),
)

ORGANISATIONS = Dataset(
    key="organisations",
    title=_("Organisations"),
    description=_(
        "The partner organisations listed in the public directory (organisations that ask "
        "not to be listed, such as shelters, are never included)."
    ),
    columns=(
        Column("organisation", STRING, _("Short name (slug) of the organisation.")),
        Column("name_fr", STRING, _("Name, in French.")),
        Column("name_en", STRING, _("Name, in English.")),
        Column("acronym_fr", STRING, _("Acronym, in French.")),
        Column("acronym_en", STRING, _("Acronym, in English.")),
        Column("kind", STRING, _(
            "“police”, “municipal”, “community”, “school”, “health”, “funder” or “other”.")),
        Column("kind_fr", STRING, _("Kind of organisation, in French.")),
        Column("kind_en", STRING, _("Kind of organisation, in English.")),
        Column("website", URL, _("The organisation's own website.")),
        Column("url_fr", URL, _("Page of the organisation on this portal, in French.")),
        Column("url_en", URL, _("Page of the organisation on this portal, in English.")),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.key: d for d in (INDICATOR_VALUES, INITIATIVES, ORGANISATIONS)
}


def suppression_note() -> str:
    """How the files protect small numbers, in the active language (page and JSON)."""
    return gettext(
        "A count from 1 to %(below)s is written as “%(marker)s”, never as the number; other "
        "counts are rounded to the nearest multiple of %(base)s; a share computed from a "
        "count below %(threshold)s is left out (an empty cell in CSV, null in JSON)."
    ) % {"below": threshold() - 1, "marker": suppression_marker(), "base": rounding_base(),
         "threshold": threshold()}
