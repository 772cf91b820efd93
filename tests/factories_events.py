"""Factories of the events and the community forum."""

import datetime
from zoneinfo import ZoneInfo

import factory

from initiatives.models import Event, Forum
from tests.factories import OrganisationFactory

OTTAWA = ZoneInfo("America/Toronto")


def ottawa(year: int, month: int, day: int, hour: int = 18, minute: int = 30):
    """An aware moment in Ottawa."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=OTTAWA)


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    title_fr = factory.Sequence(lambda n: f"Forum {n}")
    title_en = factory.Sequence(lambda n: f"Forum {n} (en)")
    slug_fr = factory.Sequence(lambda n: f"forum-fr-{n}")
    slug_en = factory.Sequence(lambda n: f"forum-en-{n}")
    summary_fr = "La police et la communauté se rencontrent."
    summary_en = "Police and community meet."
    body_fr = "Le forum sur la police communautaire."
    body_en = "The community policing forum."
    host = factory.SubFactory(OrganisationFactory)


class EventFactory(factory.django.DjangoModelFactory):
    """An upcoming public engagement session, organised by ``organisers`` (a new
    organisation unless given)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title_fr = factory.Sequence(lambda n: f"Séance {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    slug_fr = factory.Sequence(lambda n: f"seance-{n}")
    slug_en = factory.Sequence(lambda n: f"session-{n}")
    summary_fr = "Un résumé."
    summary_en = "A summary."
    kind = Event.Kind.ENGAGEMENT
    start = factory.LazyFunction(
        lambda: (datetime.datetime.now(OTTAWA) + datetime.timedelta(days=30)).replace(
            hour=18, minute=30, second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    place = "Centre communautaire / Community centre"
    language = Event.Language.BILINGUAL
    is_public = True

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.organisers.set(extracted if extracted is not None
                               else [OrganisationFactory()])
