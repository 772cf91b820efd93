"""Events and the community policing forum: the model's rules, who may manage which event,
the public pages in both languages, and the iCalendar files read back."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives import events as event_services
from initiatives import permissions
from initiatives.models import Activity, Event
from portal.core import pagecache
from tests import factories
from tests.factories_events import OTTAWA, EventFactory, ForumFactory, ottawa

pytestmark = pytest.mark.django_db

NOW = datetime.datetime.now(OTTAWA)


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def days(n: int, hour: int = 18, minute: int = 30) -> datetime.datetime:
    """An aware moment ``n`` days from now, in Ottawa."""
    return (NOW + datetime.timedelta(days=n)).replace(hour=hour, minute=minute, second=0,
                                                      microsecond=0)


def past_event(**kwargs) -> Event:
    return EventFactory(start=days(-20), end=days(-20) + datetime.timedelta(hours=2), **kwargs)


# --- The model ------------------------------------------------------------------------------


def test_an_event_must_end_after_it_starts():
    event = EventFactory()
    event.end = event.start
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end=event.start - datetime.timedelta(hours=1))


def test_times_are_zone_aware_and_stored_as_the_moment_in_ottawa():
    # 18:30 in Ottawa in January (Eastern Standard Time, UTC-5) is 23:30 UTC.
    event = EventFactory(start=ottawa(2027, 1, 14, 18, 30), end=ottawa(2027, 1, 14, 20, 30))
    event.refresh_from_db()
    assert event.start.tzinfo is not None
    assert event.start.astimezone(datetime.UTC) == datetime.datetime(
        2027, 1, 14, 23, 30, tzinfo=datetime.UTC)
    naive = Event(title_fr="Sans fuseau", kind=Event.Kind.TRAINING,
                  start=datetime.datetime(2027, 1, 14, 18, 30),
                  end=datetime.datetime(2027, 1, 14, 20, 30),
                  place="Ici", language="fr")
    with pytest.raises(ValidationError) as error:
        naive.clean()
    assert {"start", "end"} <= set(error.value.message_dict)


def test_an_event_needs_a_place_or_to_be_online():
    event = EventFactory(place="", is_online=True)
    event.is_online = False
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "place" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(is_online=False)


def test_only_a_forum_meeting_belongs_to_a_forum():
    forum = ForumFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(forum=forum, kind=Event.Kind.TRAINING)


# --- Services -------------------------------------------------------------------------------


def fields(**overrides) -> dict:
    values = {
        "title_fr": "Séance de mobilisation", "title_en": "Mobilization session",
        "summary_fr": "", "summary_en": "", "body_fr": "", "body_en": "",
        "kind": Event.Kind.ENGAGEMENT, "start": days(10), "end": days(10, 20),
        "place": "Vanier", "is_online": False, "online_url": "", "language": "fr",
        "forum": None, "is_public": True,
    }
    values.update(overrides)
    return values


def test_create_makes_unique_addresses_from_the_titles(staff_a, org_a):
    first = event_services.event_create(by=staff_a, organisers=[org_a], **fields())
    second = event_services.event_create(by=staff_a, organisers=[org_a], **fields())
    assert (first.slug_fr, first.slug_en) == ("seance-de-mobilisation", "mobilization-session")
    assert (second.slug_fr, second.slug_en) == ("seance-de-mobilisation-2",
                                                "mobilization-session-2")
    assert second.history.first().history_user == staff_a


def test_an_english_only_event_has_its_english_address_in_both_languages(staff_a, org_a):
    event = event_services.event_create(by=staff_a, organisers=[org_a],
                                        **fields(title_fr="", language="en"))
    assert event.slug_fr is None and event.slug_en == "mobilization-session"


def test_update_keeps_the_address(staff_a, org_a):
    event = event_services.event_create(by=staff_a, organisers=[org_a], **fields())
    event_services.event_update(event=event, by=staff_a, organisers=[org_a],
                                **fields(title_en="Another title"))
    event.refresh_from_db()
    assert event.title_en == "Another title"
    assert event.slug_en == "mobilization-session"


def test_an_event_needs_an_organiser_and_a_title(staff_a, org_a):
    with pytest.raises(ValidationError) as error:
        event_services.event_create(by=staff_a, organisers=[],
                                    **fields(title_fr="", title_en=""))
    assert {"organisers", "title_fr"} <= set(error.value.message_dict)
    assert not Event.objects.exists()


def test_a_partner_keeps_their_organisation_among_the_organisers(staff_a, org_b, coordinator):
    with pytest.raises(ValidationError) as error:
        event_services.event_create(by=staff_a, organisers=[org_b], **fields())
    assert "organisers" in error.value.message_dict
    assert event_services.event_create(by=coordinator, organisers=[org_b], **fields())


def test_the_attendance_activity_is_one_of_the_organisers(staff_a, org_a, org_b):
    event = event_services.event_create(by=staff_a, organisers=[org_a], **fields())
    own = factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_a))
    other = factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_b))
    with pytest.raises(ValidationError):
        event_services.event_update(event=event, by=staff_a, organisers=[org_a],
                                    activity=other, **fields())
    event_services.event_update(event=event, by=staff_a, organisers=[org_a], activity=own,
                                **fields())
    event.refresh_from_db()
    assert event.activity == own


def test_logging_the_attendance_creates_the_activity_and_links_it(staff_a, org_a):
    initiative = factories.InitiativeFactory(
        lead=org_a, start=datetime.date(2020, 1, 1), end=None)
    event = EventFactory(organisers=[org_a], start=days(-3), end=days(-3, 20),
                         kind=Event.Kind.FORUM_MEETING, language="fr")
    event.initiatives.add(initiative)
    initial = event_services.attendance_initial(event, by=staff_a)
    assert initial["date"] == days(-3).date()
    assert initial["initiative"] == initiative.pk
    assert initial["title"] == event.title_fr
    assert initial["kind"] == Activity.Kind.INFO_SESSION
    activity = event_services.event_log_attendance(
        event=event, by=staff_a, initiative=initiative, date=initial["date"],
        kind=initial["kind"], title=initial["title"], participants=42,
        audience=initial["audience"], language=initial["language"],
    )
    event.refresh_from_db()
    assert event.activity == activity
    assert (activity.participants, activity.organisation, activity.logged_by) == (
        42, org_a, staff_a)
    with pytest.raises(ValidationError):
        event_services.event_log_attendance(
            event=event, by=staff_a, initiative=initiative, date=initial["date"],
            kind=initial["kind"], title="Again", participants=1,
            audience=initial["audience"], language=initial["language"])


# --- Permissions and the workspace ----------------------------------------------------------


def test_events_for_scopes_to_the_organisers(staff_a, lead_a, staff_b, coordinator, org_a,
                                             org_b):
    of_a = EventFactory(organisers=[org_a])
    both = EventFactory(organisers=[org_a, org_b])
    of_b = EventFactory(organisers=[org_b])
    assert set(permissions.events_for(staff_a)) == {of_a, both}
    assert set(permissions.events_for(lead_a)) == {of_a, both}
    assert set(permissions.events_for(staff_b)) == {both, of_b}
    assert set(permissions.events_for(coordinator)) == {of_a, both, of_b}
    assert permissions.can_edit_event(staff_a, of_a)
    assert not permissions.can_edit_event(staff_a, of_b)
    assert permissions.can_edit_event(coordinator, of_b)


def form_data(org, **overrides) -> dict:
    data = {
        "title_fr": "Séance d'information", "title_en": "Information session",
        "kind": "engagement", "start": days(12).strftime("%Y-%m-%dT%H:%M"),
        "end": days(12, 20).strftime("%Y-%m-%dT%H:%M"), "place": "Overbrook",
        "language": "bilingual", "organisers": [org.pk], "is_public": "on",
    }
    data.update(overrides)
    return data


def test_staff_creates_an_event_of_their_organisation(client, staff_a, org_a):
    client.force_login(staff_a)
    response = client.get(url("workspace:event_create"))
    assert response.status_code == 200
    assert 'type="datetime-local"' in response.content.decode()
    response = client.post(url("workspace:event_create"), form_data(org_a))
    assert response.status_code == 302
    event = Event.objects.get()
    assert list(event.organisers.all()) == [org_a]
    # Entered as Ottawa time.
    assert event.start == days(12)


@pytest.mark.parametrize("lang, warning", [
    ("en", "Your organisation's location is not published, but this place is"),
    ("fr", "L’adresse de votre organisme n’est pas publiée, mais ce lieu l’est"),
])
def test_a_shelter_is_warned_that_the_place_of_a_public_event_is_published(
    client, staff_a, org_a, lang, warning
):
    client.force_login(staff_a)
    page = client.get(url("workspace:event_create", lang)).content.decode()
    assert warning not in page.replace("&#x27;", "’").replace("&#x27;", "'")
    org_a.kind, org_a.show_on_map = "shelter", None
    org_a.save()
    page = client.get(url("workspace:event_create", lang)).content.decode()
    assert warning in page.replace("&#x27;", "'" if lang == "en" else "’")


def test_staff_of_another_organisation_cannot_create_for_a(client, staff_b, org_a):
    client.force_login(staff_b)
    response = client.post(url("workspace:event_create"), form_data(org_a))
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_an_event_ending_before_it_starts_is_refused_with_a_message(client, staff_a, org_a):
    client.force_login(staff_a)
    data = form_data(org_a, end=days(11).strftime("%Y-%m-%dT%H:%M"))
    response = client.post(url("workspace:event_create"), data)
    assert response.status_code == 400
    assert "The event must end after it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_staff_edits_their_event_and_gets_404_on_another(client, staff_a, org_a, org_b):
    own = EventFactory(organisers=[org_a])
    other = EventFactory(organisers=[org_b])
    client.force_login(staff_a)
    assert client.get(url("workspace:event_edit", pk=own.pk)).status_code == 200
    assert client.get(url("workspace:event_edit", pk=other.pk)).status_code == 404
    response = client.post(url("workspace:event_edit", pk=other.pk),
                           form_data(org_a, title_en="Taken over"))
    assert response.status_code == 404
    assert client.post(url("workspace:event_delete", pk=other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.title_en != "Taken over"
    response = client.post(url("workspace:event_edit", pk=own.pk),
                           form_data(org_a, title_en="Renamed"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title_en == "Renamed"


def test_coordinator_manages_every_event(client, coordinator, org_b):
    from tests.factories_workspace import activate_totp

    activate_totp(coordinator)
    event = EventFactory(organisers=[org_b])
    client.force_login(coordinator)
    assert client.get(url("workspace:events")).status_code == 200
    response = client.post(url("workspace:event_edit", pk=event.pk),
                           form_data(org_b, title_en="By the coordinator"))
    assert response.status_code == 302
    assert client.post(url("workspace:event_delete", pk=event.pk)).status_code == 302
    assert not Event.objects.exists()


def test_workspace_list_shows_own_events_only(client, staff_a, org_a, org_b):
    EventFactory(organisers=[org_a], title_en="Ours")
    EventFactory(organisers=[org_b], title_en="Theirs")
    client.force_login(staff_a)
    html = client.get(url("workspace:events")).content.decode()
    assert "Ours" in html and "Theirs" not in html


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(url("workspace:events"))
    assert response.status_code == 302
    assert url("account_login") in response["Location"]


def test_edit_form_offers_only_the_organisers_activities(client, staff_a, org_a, org_b):
    event = past_event(organisers=[org_a])
    own = factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_a),
                                    title="Our session")
    factories.ActivityFactory(initiative=factories.InitiativeFactory(lead=org_b),
                              title="Their session")
    client.force_login(staff_a)
    html = client.get(url("workspace:event_edit", pk=event.pk)).content.decode()
    assert "Our session" in html and "Their session" not in html
    data = form_data(org_a, start=event.start.astimezone(OTTAWA).strftime("%Y-%m-%dT%H:%M"),
                     end=event.end.astimezone(OTTAWA).strftime("%Y-%m-%dT%H:%M"),
                     activity=own.pk)
    assert client.post(url("workspace:event_edit", pk=event.pk), data).status_code == 302
    event.refresh_from_db()
    assert event.activity == own


def test_log_attendance_page_prefills_the_activity(client, staff_a, org_a):
    initiative = factories.InitiativeFactory(
        lead=org_a, start=datetime.date(2020, 1, 1), end=None)
    event = past_event(organisers=[org_a], title_en="Basketball night", language="en")
    event.initiatives.add(initiative)
    client.force_login(staff_a)
    response = client.get(url("workspace:event_attendance", pk=event.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Basketball night"' in html
    assert f'value="{event.start.astimezone(OTTAWA).date().isoformat()}"' in html
    data = {
        "date": event.start.astimezone(OTTAWA).date().isoformat(),
        "initiative": initiative.pk, "kind": "outreach", "title": "Basketball night",
        "participants": "37", "audience": "general", "language": "en",
    }
    response = client.post(url("workspace:event_attendance", pk=event.pk), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.activity.participants == 37


# --- Public pages ---------------------------------------------------------------------------


def test_paths_are_translated():
    assert url("events:list", "fr") == "/fr/evenements/"
    assert url("events:list", "en") == "/en/events/"
    assert url("events:detail", "fr", slug="x") == "/fr/evenements/x/"
    assert url("events:feed", "fr") == "/fr/evenements/calendrier.ics"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_list_splits_upcoming_and_past(client, lang):
    EventFactory(title_fr="À venir", title_en="Coming up")
    past_event(title_fr="Passé", title_en="Gone by")
    upcoming = client.get(url("events:list", lang)).content.decode()
    past = client.get(url("events:list", lang) + "?when=past").content.decode()
    coming, gone = ("À venir", "Passé") if lang == "fr" else ("Coming up", "Gone by")
    assert coming in upcoming and gone not in upcoming
    assert gone in past and coming not in past


def test_an_event_ending_today_is_still_upcoming():
    event = EventFactory(start=days(0, 0, 5), end=days(0, 0, 10))
    assert event in event_services.public_events()
    assert not event_services.is_past(event)


def test_non_public_events_are_nowhere(client):
    hidden = EventFactory(is_public=False, title_en="Partners only planning")
    for lang in ("fr", "en"):
        assert "Partners only" not in client.get(url("events:list", lang)).content.decode()
        slug = hidden.slug_fr if lang == "fr" else hidden.slug_en
        assert client.get(url("events:detail", lang, slug=slug)).status_code == 404
        assert client.get(url("events:ical", lang, slug=slug)).status_code == 404
    feed = icalendar.Calendar.from_ical(client.get(url("events:feed")).content)
    assert not feed.walk("VEVENT")


def test_filters_by_area_kind_and_language_without_script(client):
    area = factories.PriorityAreaFactory(title_en="Youth", title_fr="Jeunes")
    youth = EventFactory(title_en="Youth training", kind=Event.Kind.TRAINING, language="en")
    youth.priority_areas.add(area)
    EventFactory(title_en="French forum", kind=Event.Kind.FORUM_MEETING, language="fr")
    EventFactory(title_en="Both languages", kind=Event.Kind.OUTREACH, language="bilingual")
    base = url("events:list")

    def titles(query: str) -> set[str]:
        html = client.get(base + query).content.decode()
        return {t for t in ("Youth training", "French forum", "Both languages") if t in html}

    assert titles("") == {"Youth training", "French forum", "Both languages"}
    assert titles(f"?area={area.pk}") == {"Youth training"}
    assert titles("?kind=forum_meeting") == {"French forum"}
    # A bilingual event is held in both languages.
    assert titles("?language=fr") == {"French forum", "Both languages"}
    assert titles("?language=en") == {"Youth training", "Both languages"}
    # A value that is not a choice is ignored, not an error.
    assert titles("?kind=nonsense") == {"Youth training", "French forum", "Both languages"}
    html = client.get(base + "?kind=training").content.decode()
    assert '<option value="training" selected>' in html
    # The calendar link keeps the filters.
    assert url("events:feed") + "?kind=training" in html


def test_the_language_toggle_keeps_the_filters(client):
    EventFactory()
    html = client.get(url("events:list") + "?kind=training&when=past").content.decode()
    assert 'href="/fr/evenements/?kind=training&amp;when=past"' in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_event_page_in_both_languages_with_the_toggle(client, lang, org_a):
    event = EventFactory(title_fr="Forum de quartier", title_en="Neighbourhood forum",
                         slug_fr="forum-de-quartier", slug_en="neighbourhood-forum",
                         start=ottawa(2031, 1, 14, 18, 30), end=ottawa(2031, 1, 14, 20, 30),
                         organisers=[org_a])
    other = "en" if lang == "fr" else "fr"
    slug = {"fr": event.slug_fr, "en": event.slug_en}
    response = client.get(url("events:detail", lang, slug=slug[lang]))
    html = response.content.decode()
    assert response.status_code == 200
    assert url("events:detail", other, slug=slug[other]) in html  # the toggle
    assert '<time datetime="2031-01-14T18:30:00-05:00">' in html
    if lang == "fr":
        assert "Forum de quartier" in html
        assert "mardi 14 janvier 2031, de <time" in html
        assert ">18 h 30</time> à <time" in html and ">20 h 30</time>" in html
    else:
        assert "Neighbourhood forum" in html
        assert "Tuesday, January 14, 2031" in html
        assert ">18:30</time> to <time" in html and ">20:30</time>" in html
    assert org_a.name_en in html or org_a.name_fr in html


def test_the_other_languages_slug_redirects(client):
    event = EventFactory(slug_fr="seance-x", slug_en="session-x")
    response = client.get(url("events:detail", "en", slug="seance-x"))
    assert response.status_code == 301
    assert response["Location"] == url("events:detail", "en", slug=event.slug_en)


def test_text_in_one_language_carries_its_lang(client):
    event = EventFactory(title_fr="Séance en français seulement", title_en="",
                         summary_en="", language="fr", slug_en=None)
    html = client.get(url("events:detail", "en", slug=event.slug_fr)).content.decode()
    assert '<span lang="fr">Séance en français seulement</span>' in html


def test_list_query_count_does_not_grow(client):
    area = factories.PriorityAreaFactory()
    org = factories.OrganisationFactory()

    def make(n):
        for _ in range(n):
            event = EventFactory(organisers=[org])
            event.priority_areas.add(area)

    make(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("events:list")).status_code == 200
    make(12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("events:list")).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 8


def test_an_event_change_bumps_the_public_version():
    event = EventFactory()
    before = pagecache.current_version()
    event.title_en = "Changed"
    event.save()
    assert pagecache.current_version() != before
    before = pagecache.current_version()
    event.organisers.add(factories.OrganisationFactory())
    assert pagecache.current_version() != before


def test_public_event_pages_are_served_from_the_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    event = EventFactory(title_en="First title")
    address = url("events:detail", slug=event.slug_en)
    assert "First title" in client.get(address).content.decode()
    assert getattr(client.get(address), "public_page_hit", False)
    event.title_en = "Second title"
    event.save()
    assert "Second title" in client.get(address).content.decode()


# --- iCalendar ------------------------------------------------------------------------------


def read_calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_event_as_icalendar_in_the_right_zone(client, lang):
    event = EventFactory(title_fr="Forum d'hiver", title_en="Winter forum",
                         place="Hôtel de ville", start=ottawa(2031, 1, 14, 18, 30),
                         end=ottawa(2031, 1, 14, 20, 30))
    slug = event.slug_fr if lang == "fr" else event.slug_en
    calendar = read_calendar(client.get(url("events:ical", lang, slug=slug)))
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/Toronto"
    [item] = calendar.walk("VEVENT")
    start = item.decoded("DTSTART")
    assert item["DTSTART"].params["TZID"] == "America/Toronto"
    assert (start.hour, start.minute) == (18, 30)
    # 18:30 in Ottawa in winter is 23:30 UTC.
    assert start.astimezone(datetime.UTC) == datetime.datetime(2031, 1, 14, 23, 30,
                                                               tzinfo=datetime.UTC)
    assert item.decoded("DTEND").astimezone(datetime.UTC).hour == 1
    assert str(item["SUMMARY"]) == ("Forum d'hiver" if lang == "fr" else "Winter forum")
    assert str(item["LOCATION"]) == "Hôtel de ville"
    assert str(item["URL"]).endswith(url("events:detail", lang, slug=slug))
    assert "DTSTAMP" in item
    # The same UID in both languages and after an edit: calendars update, never duplicate.
    assert str(item["UID"]) == f"event-{event.pk}@localhost"


def test_summer_time_is_four_hours_behind_utc(client):
    event = EventFactory(start=ottawa(2031, 7, 10, 18, 30), end=ottawa(2031, 7, 10, 20, 0))
    calendar = read_calendar(client.get(url("events:ical", slug=event.slug_en)))
    start = calendar.walk("VEVENT")[0].decoded("DTSTART")
    assert start.astimezone(datetime.UTC).hour == 22


def test_the_list_feed_has_upcoming_public_events_with_the_filters(client):
    training = EventFactory(kind=Event.Kind.TRAINING, title_en="A training")
    outreach = EventFactory(kind=Event.Kind.OUTREACH, title_en="An outreach")
    past_event(title_en="Gone")
    EventFactory(is_public=False, title_en="Internal")
    calendar = read_calendar(client.get(url("events:feed")))
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"A training",
                                                                    "An outreach"}
    assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {
        f"event-{training.pk}@localhost", f"event-{outreach.pk}@localhost"}
    filtered = read_calendar(client.get(url("events:feed") + "?kind=training"))
    assert [str(e["SUMMARY"]) for e in filtered.walk("VEVENT")] == ["A training"]


# --- The forum ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_forum_page_explains_it_and_lists_its_meetings(client, lang):
    forum = ForumFactory(title_fr="Forum sur la police communautaire",
                         title_en="Community Policing Forum")
    EventFactory(kind=Event.Kind.FORUM_MEETING, forum=forum, title_fr="Rencontre publique",
                 title_en="Public meeting")
    EventFactory(kind=Event.Kind.FORUM_MEETING, forum=forum, start=days(-40),
                 end=days(-40, 21), title_fr="Premier forum", title_en="First forum")
    EventFactory(kind=Event.Kind.FORUM_MEETING, forum=forum, is_public=False,
                 title_fr="Planification", title_en="Planning")
    EventFactory(title_fr="Autre séance", title_en="Another session")
    slug = forum.slug_fr if lang == "fr" else forum.slug_en
    html = client.get(url("events:forum", lang, slug=slug)).content.decode()
    if lang == "fr":
        assert "Forum sur la police communautaire" in html and forum.body_fr in html
        assert "Rencontre publique" in html and "Premier forum" in html
        assert "Planification" not in html and "Autre séance" not in html
    else:
        assert "Community Policing Forum" in html and forum.body_en in html
        assert "Public meeting" in html and "First forum" in html
        assert "Planning" not in html and "Another session" not in html
    other = "en" if lang == "fr" else "fr"
    assert url("events:forum", other, slug=forum.slug_en if other == "en" else forum.slug_fr) \
        in html
    # The events list links to the forum.
    with translation.override(lang):
        forum_url = forum.get_absolute_url()
    assert forum_url in client.get(url("events:list", lang)).content.decode()


def test_the_navigation_links_to_the_events(client):
    html = client.get(url("portal:home", "fr")).content.decode()
    assert 'href="/fr/evenements/"' in html


# --- The demo -------------------------------------------------------------------------------


def test_demo_events_are_marked_placed_and_one_records_its_attendance():
    from portal.demo.loader import demo_load

    demo_load()
    demo = Event.objects.all()
    assert demo.count() >= 6
    for event in demo:
        assert event.summary_fr.startswith("Événement de démonstration.")
        assert event.summary_en.startswith("Demo event.")
    public = Event.objects.public()
    assert event_services.public_events().exists()
    assert event_services.public_events(
        filters=event_services.EventFilters(when=event_services.PAST)).exists()
    assert public.filter(kind=Event.Kind.FORUM_MEETING, forum__isnull=False).count() >= 2
    assert set(public.values_list("kind", flat=True)) == set(Event.Kind.values)
    assert Event.objects.filter(is_public=False).exists()
    recorded = Event.objects.get(activity__isnull=False)
    assert event_services.is_past(recorded)
    assert recorded.activity.date == recorded.start.astimezone(OTTAWA).date()
    assert recorded.activity.organisation in recorded.organisers.all()
    forum = recorded.organisers.get().forums.get()
    assert forum.title_en == "Community Policing Forum"
    assert "We hosted" not in forum.summary_en
    assert "joint problem identification" in forum.body_en


def test_demo_upcoming_events_follow_the_day_of_the_load():
    from portal.demo.loader import events_anchor

    # The Monday of the week: a second load the same week writes nothing.
    assert events_anchor(datetime.date(2026, 12, 2)) == datetime.date(2026, 11, 30)
    assert events_anchor(datetime.date(2026, 12, 6)) == datetime.date(2026, 11, 30)
    assert events_anchor(datetime.date(2027, 1, 31)) == datetime.date(2027, 1, 25)


# --- The admin ------------------------------------------------------------------------------


def test_admin_has_events_and_forums_with_translation_tabs(client, administrator):
    from tests.factories_workspace import activate_totp

    activate_totp(administrator)
    client.force_login(administrator)
    event = EventFactory()
    forum = ForumFactory()
    for address in (
        reverse("admin:initiatives_event_change", args=[event.pk]),
        reverse("admin:initiatives_event_add"),
        reverse("admin:initiatives_forum_change", args=[forum.pk]),
        reverse("admin:initiatives_event_changelist") + "?kind__exact=engagement",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
    html = client.get(reverse("admin:initiatives_event_change", args=[event.pk])).content
    assert b'name="title_fr"' in html and b'name="title_en"' in html
    assert b'name="organisers"' in html


def test_the_form_offers_no_unlisted_organisation_of_others(client, staff_a, org_a):
    hidden = factories.OrganisationFactory(is_public=False, name_en="Unlisted shelter",
                                           name_fr="Refuge non répertorié")
    client.force_login(staff_a)
    html = client.get(url("workspace:event_create")).content.decode()
    assert org_a.name_en in html
    assert hidden.name_en not in html


def test_whole_hours_read_18_h_in_french_and_minutes_stay():
    """"de 18 h à 20 h", never "18 h 00"; "18 h 30" keeps its minutes; English "18:00"."""
    event = EventFactory(start=ottawa(2031, 1, 14, 18, 0), end=ottawa(2031, 1, 14, 20, 30))
    with translation.override("fr"):
        assert event_services.when_text(event) == "mardi 14 janvier 2031, de 18 h à 20 h 30"
    with translation.override("en"):
        assert event_services.when_text(event) == "Tuesday, January 14, 2031, 18:00 to 20:30"
