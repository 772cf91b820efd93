"""Reads of the public partner directory: the partner map and its list by ward.

Public data only: nothing here depends on who is asking. The one rule of what may be
located is :attr:`partners.models.Organisation.location_is_public`; an organisation that
fails it contributes neither its point nor its ward to anything built here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.templatetags.static import static

from portal.core.i18n import translated

from .models import Organisation


@dataclass
class Located:
    """A partner of the map section: its name (and that name's language when it is shown in
    the other one), page, ward and point."""

    organisation: Organisation
    name: str
    name_lang: str | None
    url: str
    latitude: float | None
    longitude: float | None


@dataclass
class Ward:
    name: str  # "" for the partners that serve the whole city
    lang: str | None
    partners: list[Located] = field(default_factory=list)


@dataclass
class PartnerMap:
    wards: list[Ward]
    markers: list[dict[str, Any]]

    @property
    def located(self) -> list[Located]:
        return [p for ward in self.wards for p in ward.partners]


def _sort_key(text: str) -> str:
    """Alphabetical order as people expect it in both languages: accents and case aside
    (Côte-de-Sable between Capitale and Kanata)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def partner_map(organisations: Iterable[Organisation]) -> PartnerMap:
    """The partners with a public location among ``organisations`` (already read, so the
    directory costs no extra query), grouped by ward in the active language, and the
    map's markers (those with a point), in the same order.

    Wards sort alphabetically, the city-wide partners (no ward) last; partners sort by
    name within a ward.
    """
    by_ward: dict[str, Ward] = {}
    for org in organisations:
        if not org.location_is_public or not (org.has_point or org.ward_fr or org.ward_en):
            continue
        name, name_lang, name_fell_back = translated(org, "name")
        ward, ward_lang, ward_fell_back = translated(org, "ward")
        group = by_ward.setdefault(
            _sort_key(ward), Ward(name=ward, lang=ward_lang if ward_fell_back else None)
        )
        group.partners.append(Located(
            organisation=org,
            name=name,
            name_lang=name_lang if name_fell_back else None,
            url=org.get_absolute_url(),
            latitude=float(org.latitude) if org.has_point else None,
            longitude=float(org.longitude) if org.has_point else None,
        ))
    wards = sorted(by_ward.values(), key=lambda w: (w.name == "", _sort_key(w.name)))
    for ward in wards:
        ward.partners.sort(key=lambda p: _sort_key(p.name))
    markers = [
        {
            "name": p.name,
            "lang": p.name_lang,
            "url": p.url,
            "ward": ward.name,
            "wardLang": ward.lang,
            "lat": p.latitude,
            "lng": p.longitude,
        }
        for ward in wards
        for p in ward.partners
        if p.latitude is not None
    ]
    return PartnerMap(wards=wards, markers=markers)


def map_settings() -> dict[str, Any]:
    """What the map's script needs besides the markers: the tile server (None without one)
    and Leaflet's marker images (their hashed names in production)."""
    tiles = None
    if settings.MAP_TILE_URL:
        tiles = {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
    return {
        "tiles": tiles,
        "icon": {
            "iconUrl": static("vendor/leaflet/images/marker-icon.png"),
            "iconRetinaUrl": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadowUrl": static("vendor/leaflet/images/marker-shadow.png"),
        },
    }
