"""A large, realistic generated dataset on top of the demo data (deterministic)."""

from __future__ import annotations

import datetime
import random

from django.db import transaction


@transaction.atomic
def generate(*, scale: int = 200, seed: int = 7, activities_each: int = 40) -> dict[str, int]:
    from initiatives.models import (
        Activity,
        Indicator,
        IndicatorValue,
        Initiative,
        ProgressUpdate,
        ReportingPeriod,
    )
    from partners.models import Organisation
    from priorities.models import PriorityArea

    rng = random.Random(seed)
    areas = list(PriorityArea.objects.filter(plan__is_featured=True))
    periods = list(ReportingPeriod.objects.filter(start__gte=datetime.date(2021, 1, 1)))
    orgs = Organisation.objects.bulk_create(
        Organisation(name_fr=f"Organisme généré {i}", name_en=f"Generated organisation {i}",
                     slug=f"bench-org-{i}", kind="community")
        for i in range(max(10, scale // 4))
    )
    initiatives = []
    for i in range(scale):
        initiatives.append(Initiative(
            title_fr=f"Initiative générée {i}", title_en=f"Generated initiative {i}",
            slug_fr=f"initiative-generee-{i}", slug_en=f"generated-initiative-{i}",
            summary_fr="Générée pour les mesures.", summary_en="Generated for benchmarks.",
            zone=rng.choice(Initiative.Zone.values), lead=rng.choice(orgs),
            start=datetime.date(2021, 1, 1), end=datetime.date(2022, 12, 31),
        ))
    initiatives = Initiative.objects.bulk_create(initiatives)
    through = Initiative.priority_areas.through
    through.objects.bulk_create(
        through(initiative_id=ini.pk, priorityarea_id=rng.choice(areas).pk) for ini in initiatives
    )
    collab = Initiative.collaborators.through
    collab.objects.bulk_create(
        collab(initiative_id=ini.pk, organisation_id=org.pk)
        for ini in initiatives for org in rng.sample(orgs, 3)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(initiative=ini, name_fr="Participants", name_en="Participants", target=500,
                  source="entered")
        for ini in initiatives
    )
    activities = []
    for ini in initiatives:
        for _ in range(activities_each):
            day = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(700))
            activities.append(Activity(
                initiative=ini, organisation=ini.lead, date=day, kind="workshop",
                title="Atelier", participants=rng.randrange(0, 40), audience="youth",
                language=rng.choice(["fr", "en", "bilingual"]),
            ))
    Activity.objects.bulk_create(activities, batch_size=2000)
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(initiative=ini, period=p, status="approved", done_fr="Fait.",
                       done_en="Done.")
        for ini in initiatives for p in periods
    )
    by_initiative = {ind.initiative_id: ind for ind in indicators}
    IndicatorValue.objects.bulk_create(
        (IndicatorValue(update=u, indicator=by_initiative[u.initiative_id],
                        value=rng.randrange(0, 80)) for u in updates),
        batch_size=2000,
    )
    return {"initiatives": len(initiatives), "organisations": len(orgs),
            "activities": len(activities), "updates": len(updates)}
