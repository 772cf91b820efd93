"""The public API's views: read-only, anonymous, over the public selectors.

Each answer:

1. is in the language of :func:`.language.requested_language` (``Content-Language``,
   ``Vary: Accept-Language``);
2. is throttled per client (:mod:`.throttling`);
3. carries an ETag and Last-Modified from the public version of ``portal.core.pagecache`` (which
   every change of public content bumps), the language and the address with its query
   normalised (:func:`.caching.answer_key`); a matching ``If-None-Match`` or a later
   ``If-Modified-Since`` gets 304 before any query;
4. is kept in the public page cache under that key and version, and served from it to the
   next request without credentials while the version is unchanged (:mod:`.caching`);
5. lists only what the public pages show, with the figures they show.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import api_view, schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from initiatives.models import Event, Indicator
from initiatives.selectors import (
    approved_progress_of,
    initiative_public_detail_queryset,
    public_initiatives,
)
from partners.models import Organisation
from portal.core import pagecache
from priorities.models import Plan, PriorityArea

from . import caching, filters, serializers
from .errors import BadParameters, NotModified
from .language import requested_language

LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=["fr", "en"],
    description="Language of the content and messages (else Accept-Language, else fr).")


class LanguageMixin:
    """The answer's language (see the module), for every view of the API."""

    validators = None

    def initial(self, request, *args, **kwargs) -> None:
        language, unknown = requested_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)  # authentication, throttling
        if unknown is not None:
            raise BadParameters({"lang": [
                _("Unknown language “%(lang)s”: use fr or en.") % {"lang": unknown[:20]}
            ]})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ["Accept-Language"])
        return response


class PublicAPIMixin(LanguageMixin):
    """Validators, 304 and the response cache for the public views (see the module)."""

    public_cache_policy = caching.POLICY

    def initial(self, request, *args, **kwargs) -> None:
        self.validators = None
        super().initial(request, *args, **kwargs)
        # The version the page cache read for this request (the answer is stored under it),
        # else read here.
        version = getattr(request, "public_version", None) or pagecache.current_version()
        key = caching.answer_key(request)
        if version is not None and key is not None:
            self.validators = pagecache._validators(version, timezone.localdate(), key)
            if pagecache._not_modified(request, *self.validators):
                raise NotModified

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.public_page = response.status_code == 200  # the page cache may keep it
        validators = getattr(self, "validators", None)
        if validators is not None and response.status_code in (200, 304):
            etag, last_modified = validators
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = "no-cache"
        return response


class ReadOnly(PublicAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
               viewsets.GenericViewSet):
    pass


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER]))
class PlanViewSet(ReadOnly):
    """Strategic plans (all plans are public)."""

    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter
    queryset = (Plan.objects.select_related("owner").prefetch_related("priority_areas")
                .order_by("-is_featured", "-start", "pk"))


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER]))
class PriorityAreaViewSet(ReadOnly):
    """The priority areas of the plans."""

    serializer_class = serializers.PriorityAreaSerializer
    filterset_class = filters.PriorityAreaFilter
    queryset = PriorityArea.objects.order_by("plan_id", "order", "pk")


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER],
                                           responses=serializers.InitiativeDetailSerializer))
class InitiativeViewSet(ReadOnly):
    """Public initiatives; one initiative comes with its public indicators and their
    approved figures."""

    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilter

    def get_queryset(self) -> QuerySet:
        return initiative_public_detail_queryset().order_by("title_en", "pk")

    def retrieve(self, request, *args, **kwargs) -> Response:
        item = self.get_object()
        progress = approved_progress_of([item.pk]).get(item.pk, [])
        return Response(serializers.InitiativeDetailSerializer(
            item, context={**self.get_serializer_context(), "progress": progress}).data)


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER]))
class IndicatorViewSet(ReadOnly):
    """Public indicators of public initiatives, each with its approved figure to date and
    by period, as the initiative's page shows them."""

    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self) -> QuerySet:
        return Indicator.objects.filter(
            is_public=True, initiative__in=public_initiatives()
        ).only("pk", "initiative_id").order_by("initiative_id", "order", "pk")

    def _progress(self, indicators: list[Indicator]) -> list:
        """The page's computation for ``indicators``, in their order (two queries)."""
        progress = approved_progress_of(sorted({i.initiative_id for i in indicators}))
        rows = {row.indicator.pk: row for rows in progress.values() for row in rows}
        return [rows[i.pk] for i in indicators if i.pk in rows]

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        # Read once the filters have accepted it (a bad ?period= is a 400 before this).
        period = self.request.GET.get("period", "")
        context["period"] = int(period) if period.isdecimal() else None
        return context

    def list(self, request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = self._progress(list(page))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs) -> Response:
        rows = self._progress([self.get_object()])
        return Response(self.get_serializer(rows[0]).data)


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER]))
class OrganisationViewSet(ReadOnly):
    """The organisations of the public directory; a location only where the partner map
    shows it (never a shelter's unless it asked)."""

    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    lookup_field = "slug"
    queryset = Organisation.objects.public().order_by("name_en", "pk")


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER]))
class EventViewSet(ReadOnly):
    """Public events, latest first."""

    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self) -> QuerySet:
        return Event.objects.public().prefetch_related(
            Prefetch("organisers", queryset=Organisation.objects.public().order_by("name")),
            "priority_areas",
        ).order_by("-start", "pk")


class RootView(PublicAPIMixin, APIView):
    """The list of the API's resources."""

    @extend_schema(exclude=True)
    def get(self, request) -> Response:
        names = ("plans", "priority-areas", "initiatives", "indicators", "organisations",
                 "events")
        return Response({
            **{name: reverse(f"api:{name.rstrip('s')}-list", request=request)
               for name in names},
            "schema": reverse("api:schema", request=request),
            "documentation": reverse("api:docs", request=request),
        })


@extend_schema(exclude=True)
@api_view(["GET"])
@schema(None)
def not_found(request, path: str = "") -> Response:
    """Any other address under /api/: a JSON 404 in the requested language."""
    language, _unknown = requested_language(request)
    translation.activate(language)
    response = Response({"detail": _("No such resource in the public API."),
                         "code": "not_found"}, status=404)
    response["Content-Language"] = language
    return response
