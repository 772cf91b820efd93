"""/api/v1/: the same addresses in both languages (the language is a parameter)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from . import docs, partner, views

app_name = "api"

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("priority-areas", views.PriorityAreaViewSet, basename="priority-area")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("events", views.EventViewSet, basename="event")

partner_router = SimpleRouter()
partner_router.register("initiatives", partner.PartnerInitiativeViewSet,
                        basename="partner-initiative")
partner_router.register("activities", partner.PartnerActivityViewSet,
                        basename="partner-activity")

urlpatterns = [
    path("v1/", views.RootView.as_view(), name="root"),
    path("v1/schema.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("v1/docs/", docs.documentation, name="docs"),
    path("v1/", include(router.urls)),
    path("v1/partner/", include(partner_router.urls)),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
