"""What the API writes of each public object, in the answer's language.

Text comes from the translated fields of the active language (with the portal's fallback to
the other language, as the pages show it). Figures come from
:func:`initiatives.selectors.approved_progress_of`, the computation the initiative page and
open data publish (through ``portal.core.figures.public_figure``): see :class:`FigureSerializer`.
Organisations are written only when they are in the public directory; a location only when
:attr:`partners.models.Organisation.location_is_public` allows it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.core.figures import Figure


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code, the same in both languages.")
    label = serializers.CharField(help_text="Its name in the answer's language.")


def choice(instance, field: str) -> dict[str, str]:
    return {"code": getattr(instance, field),
            "label": str(getattr(instance, f"get_{field}_display")())}


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


def organisation_ref(org) -> dict[str, str] | None:
    """A public organisation's slug and name; None for one outside the public directory."""
    if org is None or not org.is_public:
        return None
    return {"slug": org.slug, "name": org.name}


@extend_schema_field(OpenApiTypes.NUMBER)
class PublishedNumberField(serializers.Field):
    """A published number as open data's JSON writes it: whole numbers as integers."""

    def to_representation(self, value: Decimal) -> int | float:
        return int(value) if value == value.to_integral_value() else float(value)


class FigureSerializer(serializers.Serializer):
    """A public figure exactly as the page and open data publish it."""

    value = PublishedNumberField(
        allow_null=True,
        help_text="The published number (a count rounded to the base, a share as a whole "
                  "percentage); null when not shown (see status).")
    status = serializers.ChoiceField(
        choices=["shown", "small", "hidden", "none"],
        help_text="“shown”: value is the number; “small”: a count below the threshold "
                  "(“fewer than 5”); “hidden”: a share withheld because a count it comes "
                  "from is small; “none”: no approved figure yet.")
    text = serializers.CharField(help_text="The figure as the page writes it, in the "
                                           "answer's language.")


def figure(value: Figure | None) -> dict[str, object] | None:
    if value is None:
        return None
    status = value.suppressed or ("shown" if value.is_shown else "none")
    return {"value": value.published, "status": status, "text": str(value)}


# --- Plans and priority areas ----------------------------------------------------------------


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    vision = serializers.CharField()
    mission = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    is_featured = serializers.BooleanField()
    owner = serializers.SerializerMethodField()
    priority_areas = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_owner(self, plan) -> dict | None:
        return organisation_ref(plan.owner)

    def get_priority_areas(self, plan) -> list[int]:
        return [area.pk for area in plan.priority_areas.all()]

    def get_url(self, plan) -> str:
        return absolute(plan.get_absolute_url())


class PriorityAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    body = serializers.CharField()
    order = serializers.IntegerField()
    colour = serializers.CharField()
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_url(self, area) -> str:
        return absolute(area.get_absolute_url())


# --- Initiatives and indicators --------------------------------------------------------------


class InitiativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    priority_areas = serializers.SerializerMethodField()
    zone = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    lead = serializers.SerializerMethodField()
    collaborators = serializers.SerializerMethodField()
    funders = serializers.SerializerMethodField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_priority_areas(self, item) -> list[int]:
        return [area.pk for area in item.area_list]

    @extend_schema_field(ChoiceSerializer)
    def get_zone(self, item) -> dict:
        return choice(item, "zone")

    @extend_schema_field(ChoiceSerializer)
    def get_status(self, item) -> dict:
        return choice(item, "status")

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_lead(self, item) -> dict | None:
        return organisation_ref(item.lead)

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_collaborators(self, item) -> list[dict]:
        return [organisation_ref(org) for org in item.collaborator_list]

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_funders(self, item) -> list[dict]:
        return [organisation_ref(org) for org in item.funder_list]

    def get_url(self, item) -> str:
        return absolute(item.get_absolute_url())


class PeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class PeriodFigureSerializer(serializers.Serializer):
    period = PeriodSerializer()
    figure = FigureSerializer()


class IndicatorSerializer(serializers.Serializer):
    """One public indicator (an :class:`initiatives.selectors.IndicatorProgress`)."""

    id = serializers.IntegerField(source="indicator.pk")
    initiative = serializers.IntegerField(source="indicator.initiative_id")
    name = serializers.CharField(source="indicator.name")
    definition = serializers.CharField(source="indicator.definition")
    unit = serializers.SerializerMethodField()
    question = serializers.SerializerMethodField()
    direction = serializers.SerializerMethodField()
    aggregation = serializers.SerializerMethodField()
    baseline = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    target_date = serializers.DateField(source="indicator.target_date", allow_null=True)
    responsible = serializers.SerializerMethodField()
    to_date = serializers.SerializerMethodField()
    percent_of_target = PublishedNumberField(
        allow_null=True,
        help_text="Progress to date as a share of the target, as the page shows it.")
    periods = serializers.SerializerMethodField()

    @extend_schema_field(ChoiceSerializer)
    def get_unit(self, row) -> dict:
        return choice(row.indicator, "unit")

    @extend_schema_field(ChoiceSerializer)
    def get_question(self, row) -> dict:
        return choice(row.indicator, "question")

    @extend_schema_field(ChoiceSerializer)
    def get_direction(self, row) -> dict:
        return choice(row.indicator, "direction")

    @extend_schema_field(ChoiceSerializer)
    def get_aggregation(self, row) -> dict:
        return choice(row.indicator, "aggregation")

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_baseline(self, row) -> dict | None:
        return figure(row.baseline)

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_target(self, row) -> dict | None:
        return figure(row.target)

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_responsible(self, row) -> dict | None:
        return organisation_ref(row.responsible)

    @extend_schema_field(FigureSerializer)
    def get_to_date(self, row) -> dict:
        return figure(row.figure)

    @extend_schema_field(PeriodFigureSerializer(many=True))
    def get_periods(self, row) -> list[dict]:
        wanted = self.context.get("period")
        return [
            {"period": {"id": entry.period.pk, "start": entry.period.start,
                        "end": entry.period.end, "label": str(entry.period.label)},
             "figure": figure(entry.figure)}
            for entry in row.by_period
            if wanted is None or entry.period.pk == wanted
        ]


class InitiativeDetailSerializer(InitiativeSerializer):
    indicators = serializers.SerializerMethodField()

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_indicators(self, item) -> list[dict]:
        return IndicatorSerializer(self.context["progress"], many=True,
                                   context=self.context).data


# --- Organisations and events ----------------------------------------------------------------


class LocationSerializer(serializers.Serializer):
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    ward = serializers.CharField()


class OrganisationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    kind = serializers.SerializerMethodField()
    description = serializers.CharField()
    website = serializers.CharField()
    location = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ChoiceSerializer)
    def get_kind(self, org) -> dict:
        return choice(org, "kind")

    @extend_schema_field(LocationSerializer(allow_null=True))
    def get_location(self, org) -> dict | None:
        """Only where the partner map shows it: never a shelter's unless it asked."""
        if not org.location_is_public or not (org.has_point or org.ward):
            return None
        return {
            "latitude": float(org.latitude) if org.has_point else None,
            "longitude": float(org.longitude) if org.has_point else None,
            "ward": org.ward or "",
        }

    def get_url(self, org) -> str:
        return absolute(org.get_absolute_url())


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    kind = serializers.SerializerMethodField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    place = serializers.CharField()
    is_online = serializers.BooleanField()
    online_url = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    organisers = serializers.SerializerMethodField()
    priority_areas = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ChoiceSerializer)
    def get_kind(self, event) -> dict:
        return choice(event, "kind")

    def get_online_url(self, event) -> str:
        """As the event's page: the link only for an event held online."""
        return event.online_url if event.is_online else ""

    @extend_schema_field(ChoiceSerializer)
    def get_language(self, event) -> dict:
        return choice(event, "language")

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_organisers(self, event) -> list[dict]:
        return [organisation_ref(org) for org in event.organisers.all()]

    def get_priority_areas(self, event) -> list[int]:
        return [area.pk for area in event.priority_areas.all()]

    def get_url(self, event) -> str:
        return absolute(event.get_absolute_url())
