"""The partner API (``/api/v1/partner/``): with a personal token, a partner reads the
initiatives and activities they may read on the site and, with the write scope, logs, edits and
deletes activities exactly as the workspace form allows: the same form
(:class:`initiatives.forms.ActivityForm`), the same permission rules, the same services (locks,
frozen quarters, plausibility) and the same history, marked "via the API". Nothing else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from simple_history.utils import update_change_reason

from initiatives import permissions, services
from initiatives.forms import ActivityForm
from initiatives.history import API_REASON
from initiatives.models import Activity, Initiative
from partners.models import Organisation

from .authentication import BearerTokenAuthentication, HasToken
from .serializers import ChoiceSerializer, InitiativeSerializer, choice
from .throttling import ClientRateThrottle, TokenRateThrottle
from .views import LANG_PARAMETER, LanguageMixin


class PartnerMixin(LanguageMixin):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [HasToken]
    # Per address, as the whole API, and per token (throttling.py).
    throttle_classes = [ClientRateThrottle, TokenRateThrottle]
    parser_classes = [JSONParser]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"  # one person's data
        return response


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER]))
class PartnerInitiativeViewSet(PartnerMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    """The initiatives your organisation leads or joins (all, for a coordinator)."""

    serializer_class = InitiativeSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the schema's generator: no one asks
            return Initiative.objects.none()
        public_orgs = Organisation.objects.public()
        return permissions.initiatives_for(self.request.user).select_related("lead") \
            .prefetch_related(
                Prefetch("priority_areas", to_attr="area_list"),
                Prefetch("collaborators", queryset=public_orgs, to_attr="collaborator_list"),
                Prefetch("funders", queryset=public_orgs, to_attr="funder_list"),
            ).order_by("title_en", "pk")


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    initiative = serializers.IntegerField(source="initiative_id")
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    date = serializers.DateField()
    kind = serializers.SerializerMethodField()
    title = serializers.CharField()
    participants = serializers.IntegerField()
    audience = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    neighbourhood = serializers.CharField()
    notes = serializers.CharField()
    may_edit = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(ChoiceSerializer)
    def get_kind(self, activity) -> dict:
        return choice(activity, "kind")

    @extend_schema_field(ChoiceSerializer)
    def get_audience(self, activity) -> dict:
        return choice(activity, "audience")

    @extend_schema_field(ChoiceSerializer)
    def get_language(self, activity) -> dict:
        return choice(activity, "language")

    def get_may_edit(self, activity) -> bool:
        return permissions.can_edit_activity(self.context["request"].user, activity)


FORM_FIELDS = ("date", "initiative", "kind", "title", "participants", "audience", "language",
               "neighbourhood", "notes")


def _form_errors(form_or_error) -> exceptions.ValidationError:
    errors = (form_or_error.errors if hasattr(form_or_error, "errors")
              else form_or_error.message_dict if hasattr(form_or_error, "error_dict")
              else {"non_field_errors": form_or_error.messages})
    return exceptions.ValidationError({
        ("non_field_errors" if key == "__all__" else key): [str(m) for m in messages]
        for key, messages in errors.items()
    })


@extend_schema_view(list=extend_schema(parameters=[LANG_PARAMETER]),
                    retrieve=extend_schema(parameters=[LANG_PARAMETER]),
                    create=extend_schema(parameters=[LANG_PARAMETER]),
                    partial_update=extend_schema(parameters=[LANG_PARAMETER]),
                    destroy=extend_schema(parameters=[LANG_PARAMETER]))
class PartnerActivityViewSet(PartnerMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    """Activities of the initiatives you may read; with a write token, log, edit and delete
    them as the workspace form allows (your own organisation's, in open quarters)."""

    serializer_class = ActivitySerializer
    filterset_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return permissions.activities_for(self.request.user).select_related(
            "initiative", "organisation").order_by("-date", "-pk")

    def _answer(self, activity: Activity, code: int = status.HTTP_200_OK) -> Response:
        activity = self.get_queryset().get(pk=activity.pk)
        return Response(self.get_serializer(activity).data, status=code)

    def _form(self, data: dict, instance: Activity | None = None) -> ActivityForm:
        if not isinstance(data, dict):
            raise exceptions.ValidationError(_("Send a JSON object."))
        unknown = sorted(set(data) - set(FORM_FIELDS))
        if unknown:
            raise exceptions.ValidationError({name: [_("Unknown field.")] for name in unknown})
        initial = {}
        if instance is not None:
            initial = {name: getattr(instance, name) for name in FORM_FIELDS}
            initial["initiative"] = instance.initiative_id
        merged = {**initial, **data}
        form = ActivityForm({k: ("" if v is None else v) for k, v in merged.items()},
                            instance=instance, user=self.request.user)
        if not form.is_valid():
            raise _form_errors(form)
        if not permissions.can_log_activity(self.request.user, form.cleaned_data["initiative"]):
            raise exceptions.PermissionDenied
        return form

    def create(self, request, *args, **kwargs) -> Response:
        form = self._form(request.data)
        initiative = form.cleaned_data["initiative"]
        try:
            activity = services.activity_create(
                by=request.user,
                organisation_id=permissions.delivering_organisation(request.user, initiative).pk,
                **form.cleaned_data,
            )
        except ValidationError as error:
            raise _form_errors(error) from error
        update_change_reason(activity, API_REASON)
        return self._answer(activity, status.HTTP_201_CREATED)

    def _editable(self) -> Activity:
        activity = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not permissions.can_edit_activity(self.request.user, activity):
            raise exceptions.PermissionDenied(
                _("Only the organisation that delivered an activity may change it."))
        return activity

    def partial_update(self, request, *args, **kwargs) -> Response:
        activity = self._editable()
        form = self._form(request.data, instance=activity)
        try:
            services.activity_update(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            raise _form_errors(error) from error
        update_change_reason(activity, API_REASON)
        return self._answer(activity)

    def destroy(self, request, *args, **kwargs) -> Response:
        activity = self._editable()
        try:
            services.activity_delete(activity=activity, by=request.user)
        except ValidationError as error:
            raise _form_errors(error) from error
        update_change_reason(activity, API_REASON)
        return Response(status=status.HTTP_204_NO_CONTENT)
