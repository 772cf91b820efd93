"""Factories for the whole suite: one per model, with bilingual content filled in."""

import datetime

import factory

from initiatives.models import (
    Activity,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressUpdate,
    ReportingPeriod,
)
from partners.models import Membership, Organisation, User
from priorities.models import Outcome, Plan, PriorityArea, Strategy, Theme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    preferred_language = "fr"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_fr = factory.Sequence(lambda n: f"Organisme {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.COMMUNITY
    description_fr = "Un organisme communautaire."
    description_en = "A community organisation."
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.STAFF


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title_fr = factory.Sequence(lambda n: f"Plan stratégique {n}")
    title_en = factory.Sequence(lambda n: f"Strategic plan {n}")
    slug_fr = factory.Sequence(lambda n: f"plan-strategique-{n}")
    slug_en = factory.Sequence(lambda n: f"strategic-plan-{n}")
    owner = factory.SubFactory(OrganisationFactory)
    start = datetime.date(2021, 1, 1)
    end = datetime.date(2022, 12, 31)
    vision_fr = "Une ville sûre."
    vision_en = "A safe city."
    mission_fr = "Prévenir le crime."
    mission_en = "Prevent crime."
    is_featured = True


class PriorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityArea

    plan = factory.SubFactory(PlanFactory)
    title_fr = factory.Sequence(lambda n: f"Priorité {n}")
    title_en = factory.Sequence(lambda n: f"Priority {n}")
    slug_fr = factory.Sequence(lambda n: f"priorite-{n}")
    slug_en = factory.Sequence(lambda n: f"priority-{n}")
    summary_fr = "Résumé de la priorité."
    summary_en = "Summary of the priority."
    order = factory.Sequence(int)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    priority_area = factory.SubFactory(PriorityAreaFactory)
    pillar = Strategy.Pillar.PARTNERSHIPS
    text_fr = factory.Sequence(lambda n: f"Action {n} en français.")
    text_en = factory.Sequence(lambda n: f"Action {n} in English.")
    order = factory.Sequence(int)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    title_fr = factory.Sequence(lambda n: f"Thème {n}")
    title_en = factory.Sequence(lambda n: f"Theme {n}")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    plan = factory.SubFactory(PlanFactory)
    statement_fr = factory.Sequence(lambda n: f"Résultat {n}")
    statement_en = factory.Sequence(lambda n: f"Result {n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    title_fr = factory.Sequence(lambda n: f"Initiative {n} (fr)")
    title_en = factory.Sequence(lambda n: f"Initiative {n} (en)")
    slug_fr = factory.Sequence(lambda n: f"initiative-fr-{n}")
    slug_en = factory.Sequence(lambda n: f"initiative-en-{n}")
    summary_fr = "Résumé."
    summary_en = "Summary."
    zone = Initiative.Zone.PREVENTION
    lead = factory.SubFactory(OrganisationFactory)
    start = datetime.date(2021, 1, 1)
    end = datetime.date(2022, 12, 31)
    status = Initiative.Status.ACTIVE
    is_public = True


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    name_fr = factory.Sequence(lambda n: f"Indicateur {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = Indicator.Unit.COUNT
    target = 100
    source = Indicator.Source.ENTERED
    derivation = ""


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    name = factory.Sequence(lambda n: f"Q{n % 4 + 1} {2021 + n // 4}")
    start = factory.Sequence(lambda n: datetime.date(2021 + n // 4, 3 * (n % 4) + 1, 1))
    end = factory.LazyAttribute(
        lambda o: (datetime.date(o.start.year + (o.start.month + 3 > 12),
                                 (o.start.month + 2) % 12 + 1, 1) - datetime.timedelta(days=1))
    )
    due = factory.LazyAttribute(lambda o: o.end + datetime.timedelta(days=30))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SelfAttribute("initiative.lead")
    date = datetime.date(2021, 2, 15)
    kind = Activity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    participants = 12
    audience = Activity.Audience.YOUTH
    language = Activity.Language.FRENCH


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    initiative = factory.SubFactory(InitiativeFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    done_fr = "Ce qui a été fait."
    done_en = "What was done."
    status = ProgressUpdate.Status.DRAFT


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    update = factory.SubFactory(ProgressUpdateFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, initiative=factory.SelfAttribute("..update.initiative")
    )
    value = 10
