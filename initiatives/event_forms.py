"""Forms of the events: the public filters, and the workspace's event form."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation, User
from portal.core.text import BoundedText
from portal.core.widgets import LanguageMarkedSelect
from priorities.models import PriorityArea

from . import events, permissions
from .models import Activity, Event, Forum, Initiative


class EventFilterForm(forms.Form):
    """The public list's filters, from the query string (they work without script)."""

    area = forms.ModelChoiceField(
        label=_("Priority area"), queryset=PriorityArea.objects.none(), required=False,
        empty_label=_("All priority areas"), widget=LanguageMarkedSelect,
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"), required=False,
        choices=[("", _("All kinds")), *Event.Kind.choices],
    )
    language = forms.ChoiceField(
        label=_("Language of the event"), required=False,
        choices=[("", _("All languages")), (Event.Language.FRENCH, _("French")),
                 (Event.Language.ENGLISH, _("English"))],
        help_text=_("Bilingual events are listed under both languages."),
    )
    when = forms.ChoiceField(
        required=False, widget=forms.HiddenInput,
        choices=[(events.UPCOMING, events.UPCOMING), (events.PAST, events.PAST)],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = events.public_filter_areas()

    def filters(self) -> events.EventFilters:
        """The filters asked for; a value that is not a choice is ignored."""
        if not self.is_bound:
            return events.EventFilters()
        self.is_valid()
        data = self.cleaned_data
        return events.EventFilters(
            when=data.get("when") or events.UPCOMING,
            area=data.get("area"),
            kind=data.get("kind") or "",
            language=data.get("language") or "",
        )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=DATETIME_FORMATS,
        help_text=_("Ottawa time."),
        error_messages={"invalid": _("Enter a date and a time, such as 2027-01-14 18:30.")},
    )


class EventForm(BoundedText, forms.Form):
    """An event in the workspace. The organisers, initiatives and the activity offered
    are those the user may choose (``initiatives.permissions``)."""

    title_fr = forms.CharField(label=_("Title (in French)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"lang": "fr"}))
    title_en = forms.CharField(label=_("Title (in English)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"lang": "en"}))
    summary_fr = forms.CharField(
        label=_("Summary (in French)"), required=False,
        max_length=Event._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "fr"}),
    )
    summary_en = forms.CharField(
        label=_("Summary (in English)"), required=False,
        max_length=Event._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    body_fr = forms.CharField(
        label=_("Description (in French)"), required=False,
        max_length=Event._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "fr"}),
    )
    body_en = forms.CharField(
        label=_("Description (in English)"), required=False,
        max_length=Event._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en"}),
    )
    kind = forms.ChoiceField(label=_("Kind of event"), choices=Event.Kind.choices)
    start = _datetime_field(_("Starts"))
    end = _datetime_field(_("Ends"))
    place = forms.CharField(
        label=_("Place"), max_length=300, required=False,
        help_text=_("The venue and its address; leave empty for an online-only event."),
    )
    is_online = forms.BooleanField(label=_("Online (or also online)"), required=False)
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https",
        help_text=_("Where to join or register, when the event is online."),
    )
    language = forms.ChoiceField(label=_("Language of the event"),
                                 choices=Event.Language.choices)
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organising organisations"), queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority areas"), queryset=PriorityArea.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives"), queryset=Initiative.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    forum = forms.ModelChoiceField(
        label=_("Forum"), queryset=Forum.objects.none(), required=False,
        empty_label=_("None"), help_text=_("For a meeting of a community forum."),
    )
    is_public = forms.BooleanField(
        label=_("Public: shown on the public site and its calendars"), required=False,
        initial=True,
    )
    activity = forms.ModelChoiceField(
        label=_("Activity recording its attendance"), queryset=Activity.objects.none(),
        required=False, empty_label=_("None yet"),
        help_text=_("An activity of the event's organisers or initiatives, logged with its "
                    "participants (counts only, never names)."),
    )

    CHOICE_FIELDS = ("organisers", "priority_areas", "initiatives")

    def __init__(self, *args, user: User, event: Event | None = None, **kwargs) -> None:
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(event)
        super().__init__(*args, **kwargs)
        self.user = user
        self.event = event
        current = event.pk if event is not None else None
        own = permissions.organisation_ids(user)
        if permissions.is_coordinator(user):
            organisers = Organisation.objects.all()
        else:
            # Their own, the public directory, and whoever already co-organises it.
            offered = Q(pk__in=own) | Q(is_public=True)
            if current:
                offered |= Q(organised_events=current)
            organisers = Organisation.objects.filter(offered).distinct()
        self.fields["organisers"].queryset = organisers.order_by("name")
        self.fields["priority_areas"].queryset = PriorityArea.objects.select_related(
            "plan"
        ).order_by("plan__start", "plan", "order")
        initiatives = permissions.initiatives_for(user)
        if current:
            initiatives = Initiative.objects.filter(
                Q(pk__in=initiatives.values("pk")) | Q(events=current)
            ).distinct()
        self.fields["initiatives"].queryset = initiatives.order_by("title")
        self.fields["forum"].queryset = Forum.objects.order_by("title")
        if event is None:
            del self.fields["activity"]
        else:
            self.fields["activity"].queryset = permissions.event_activities_for(
                user, event
            ).select_related("initiative").order_by("-date", "-pk")
            self.fields["activity"].label_from_instance = _activity_label
        self.fields["organisers"].help_text = _(
            "Staff and leads of every organiser may edit the event."
        )
        if any(not org.location_is_public
               for org in Organisation.objects.filter(pk__in=own)):
            # A women's centre or shelter: its address is never published, but the place
            # of a public event is, on its page and in calendars.
            self.fields["place"].help_text = _(
                "Your organisation's location is not published, but this place is, on the "
                "page of a public event and in calendars: write a public venue, never your "
                "own address. Leave it empty for an online-only event."
            )

    @staticmethod
    def initial_for(event: Event) -> dict:
        initial = {name: getattr(event, name) for name in events.EVENT_FIELDS}
        initial["forum"] = event.forum_id
        initial["activity"] = event.activity_id
        for name in EventForm.CHOICE_FIELDS:
            initial[name] = list(getattr(event, name).values_list("pk", flat=True))
        return initial

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title_fr") or "").strip() and not (
            cleaned.get("title_en") or ""
        ).strip():
            self.add_error("title_fr", _("Give the event a title, in French, in English or "
                                         "both."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if "activity" not in self.fields:
            data.pop("activity", None)
        return data


def _activity_label(activity: Activity) -> str:
    return f"{activity.date:%Y-%m-%d} · {activity.title} ({activity.initiative})"
