"""The block every model with a public page of its own shares: a slug in each language.

Such a model (an initiative, a plan, a priority area, a forum, an event) is reached at
``/<lang>/…/<slug>/``, its slug translated (``slug_fr``, ``slug_en``, registered with
modeltranslation in the app's ``translation.py``, with ``empty_values = {"slug": None}``
so an object may lack one language's). Each language's slug is unique, and the object reads
as its title.

The ground floor: imports no app of the project.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

# To become portal.core.links once the ground floor holds it.
from portal.core.links import slug_url


class BilingualSlugModel(models.Model):
    """Abstract: unique slugs in both languages, ``str()`` as the title, and the public URL.

    The concrete model declares its ``title`` and ``slug`` fields (their order, label and
    validators are its own) and ``slug_route``, the name of the URL that takes the slug. Its
    own ``Meta.constraints`` list ``*BilingualSlugModel.Meta.constraints``: the constraints
    ``<model>_slug_fr_unique`` and ``<model>_slug_en_unique`` (Django fills in the model's
    name).
    """

    slug_route: ClassVar[str]

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["slug_fr"], name="%(class)s_slug_fr_unique"),
            models.UniqueConstraint(fields=["slug_en"], name="%(class)s_slug_en_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_url(self.slug_route, self.slug)
