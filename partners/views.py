from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.core.collation import collated
from portal.core.pagecache import public_page

from .models import Organisation
from .selectors import map_settings, partner_map


@public_page
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.public().annotate(
        led=Count("led_initiatives", filter=Q(led_initiatives__is_public=True), distinct=True),
        joined=Count(
            "joined_initiatives", filter=Q(joined_initiatives__is_public=True), distinct=True
        ),
    )
    organisations = list(organisations)
    groups = []
    for kind, label in Organisation.Kind.choices:
        members = collated(o for o in organisations if o.kind == kind)
        if members:
            groups.append({"kind": kind, "label": label, "organisations": members})
    located = partner_map(organisations)
    return render(request, "partners/directory.html", {
        "groups": groups,
        "partner_map": located,
        "map_data": {
            **map_settings(),
            "markers": located.markers,
            "labels": {
                "zoomIn": _("Zoom in"), "zoomOut": _("Zoom out"), "closePopup": _("Close"),
            },
        },
    })


@public_page
@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
    return render(request, "partners/organisation_detail.html", {
        "organisation": organisation,
    })
