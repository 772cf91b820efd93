"""The filters of each list (django-filter): ``?plan=``, ``?area=``, ``?zone=``,
``?organisation=``, ``?period=``, ``?status=``, ``?updated_since=`` where they make sense.

Identifiers are the ones the API writes (``id``; an organisation by its ``slug``). A value
that is not valid (an unknown zone, a date that is not a date) is a 400 that names the
parameter; a valid one that matches nothing is an empty list.
"""

from __future__ import annotations

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from initiatives.models import (
    Event,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from partners.models import Organisation
from priorities.models import Plan, PriorityArea


@extend_schema_field(OpenApiTypes.INT)
class PeriodFilter(filters.ModelChoiceFilter):
    """A reporting period by its identifier (an unknown one is a 400 that says so)."""


UPDATED_SINCE = "Only what changed at or after this date and time (ISO 8601)."


def _updated_since(field: str = "updated_at") -> filters.IsoDateTimeFilter:
    return filters.IsoDateTimeFilter(field_name=field, lookup_expr="gte",
                                     label=UPDATED_SINCE)


def _public_organisation(queryset, paths: tuple[str, ...], slug: str):
    """Rows where any of ``paths`` is the public organisation ``slug``."""
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__slug": slug, f"{path}__is_public": True})
    return queryset.filter(condition).distinct()


class PlanFilter(filters.FilterSet):
    updated_since = _updated_since()

    class Meta:
        model = Plan
        fields: list[str] = []


class PriorityAreaFilter(filters.FilterSet):
    plan = filters.NumberFilter(field_name="plan_id", label="Identifier of a plan.")
    updated_since = _updated_since()

    class Meta:
        model = PriorityArea
        fields: list[str] = []


class InitiativeFilter(filters.FilterSet):
    plan = filters.NumberFilter(field_name="priority_areas__plan", distinct=True,
                                label="Identifier of a plan.")
    area = filters.NumberFilter(field_name="priority_areas", distinct=True,
                                label="Identifier of a priority area.")
    zone = filters.ChoiceFilter(choices=Initiative.Zone.choices)
    status = filters.ChoiceFilter(choices=Initiative.Status.choices)
    organisation = filters.CharFilter(
        method="by_organisation",
        label="Slug of a public organisation that leads or joins the initiative.")
    period = PeriodFilter(
        queryset=ReportingPeriod.objects.all(), method="by_period",
        label="Identifier of a reporting period during which the initiative runs.")
    updated_since = _updated_since()

    class Meta:
        model = Initiative
        fields: list[str] = []

    def by_organisation(self, queryset, name, value):
        return _public_organisation(queryset, ("lead", "collaborators"), value)

    def by_period(self, queryset, name, period):
        return queryset.filter(Q(end__isnull=True) | Q(end__gte=period.start),
                               start__lte=period.end)


class IndicatorFilter(filters.FilterSet):
    initiative = filters.NumberFilter(field_name="initiative_id",
                                      label="Identifier of an initiative.")
    plan = filters.NumberFilter(field_name="initiative__priority_areas__plan", distinct=True,
                                label="Identifier of a plan.")
    area = filters.NumberFilter(field_name="initiative__priority_areas", distinct=True,
                                label="Identifier of a priority area.")
    zone = filters.ChoiceFilter(field_name="initiative__zone", choices=Initiative.Zone.choices)
    status = filters.ChoiceFilter(field_name="initiative__status",
                                  choices=Initiative.Status.choices)
    organisation = filters.CharFilter(
        method="by_organisation",
        label="Slug of a public organisation that leads or joins the initiative.")
    period = PeriodFilter(
        queryset=ReportingPeriod.objects.all(), method="by_period",
        label=("Identifier of a reporting period: indicators with an approved value for "
               "it, and only that period's figure."))
    updated_since = filters.IsoDateTimeFilter(
        method="by_approval",
        label=("Only indicators with a value approved at or after this date and time "
               "(ISO 8601)."))

    class Meta:
        model = Indicator
        fields: list[str] = []

    def by_organisation(self, queryset, name, value):
        return _public_organisation(queryset, ("initiative__lead", "initiative__collaborators"),
                                    value)

    def _approved(self, **conditions):
        return Exists(IndicatorValue.objects.filter(
            indicator=OuterRef("pk"), update__status=ProgressUpdate.Status.APPROVED,
            state=IndicatorValue.State.REPORTED, **conditions))

    def by_period(self, queryset, name, period):
        return queryset.filter(self._approved(update__period=period))

    def by_approval(self, queryset, name, value):
        return queryset.filter(self._approved(update__reviewed_at__gte=value))


class OrganisationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Organisation.Kind.choices)
    updated_since = _updated_since()

    class Meta:
        model = Organisation
        fields: list[str] = []


class EventFilter(filters.FilterSet):
    area = filters.NumberFilter(field_name="priority_areas", distinct=True,
                                label="Identifier of a priority area.")
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    organisation = filters.CharFilter(method="by_organisation",
                                      label="Slug of a public organisation that organises it.")
    starts_after = filters.IsoDateTimeFilter(field_name="start", lookup_expr="gte",
                                             label=("Only events starting at or after this "
                                                     "date and time (ISO 8601)."))
    updated_since = _updated_since()

    class Meta:
        model = Event
        fields: list[str] = []

    def by_organisation(self, queryset, name, value):
        return _public_organisation(queryset, ("organisers",), value)
