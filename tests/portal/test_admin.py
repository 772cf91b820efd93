"""The Django admin: every model registered, with translation tabs, filters and search."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from modeltranslation.admin import TranslationAdmin

from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("priorities", "partners", "initiatives", "portal")
# Derived tables, rewritten from the domain's rows and never edited by anyone: the
# dashboard's standings (portal.dashboard.standings) and the home page's approved activity
# totals (initiatives.totals).
DERIVED = {"IndicatorStanding", "ApprovedActivityTotal"}


def domain_models():
    return [m for m in apps.get_models()
            if m._meta.app_label in DOMAIN_APPS and not m.__name__.startswith("Historical")
            and m.__name__ not in DERIVED]


def test_every_domain_model_is_in_the_admin():
    missing = [m.__name__ for m in domain_models() if m not in admin.site._registry]
    assert missing == []


def test_translated_models_use_translation_tabs_filters_and_search():
    from modeltranslation.translator import translator

    for model in domain_models():
        model_admin = admin.site._registry[model]
        if model in translator.get_registered_models():
            assert isinstance(model_admin, TranslationAdmin), model.__name__
        if model.__name__ not in {"User"}:
            assert model_admin.search_fields, model.__name__
        assert model_admin.list_filter or model.__name__ in {"Strategy"}, model.__name__


@pytest.fixture
def admin_client(client, administrator):
    activate_totp(administrator)
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_admin_pages_load_for_every_model(admin_client, lang):
    from tests import factories

    factories.IndicatorValueFactory()
    factories.ActivityFactory()
    from portal.reports.models import ProgressReport

    ProgressReport.objects.create(scope="plan", plan=factories.PlanFactory(), language="fr")
    for model in domain_models():
        opts = model._meta
        with translation.override(lang):
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert admin_client.get(changelist + "?q=a").status_code == 200, changelist
        response = admin_client.get(add)
        assert response.status_code in (200, 403), add
        obj = model.objects.first()
        if obj is not None:
            with translation.override(lang):
                change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                 args=[obj.pk])
            assert admin_client.get(change).status_code == 200, change


def test_translation_tabs_load_local_jquery_ui(admin_client):
    html = admin_client.get(reverse("admin:priorities_plan_add")).content.decode()
    assert "vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html
    assert 'name="title_fr"' in html and 'name="title_en"' in html


@pytest.mark.parametrize("lang,header,gone", [
    ("fr", "Partenariat pour la sécurité communautaire\u00a0: administration",
     ["Administration de Django", "MFA", "Authenticators"]),
    ("en", "Community Safety Partnership: administration", ["Django administration"]),
])
def test_the_admin_is_branded_and_speaks_the_language(admin_client, lang, header, gone):
    page = admin_client.get(f"/{lang}/admin/").content.decode()
    assert header in page
    for text in gone:
        assert f">{text}<" not in page and f"{text} |" not in page


def test_the_export_form_names_the_columns_in_the_admins_language(admin_client):
    page = admin_client.get("/fr/admin/initiatives/activity/export/").content.decode()
    for label in ("Type", "Public cible", "Langue de prestation", "Tout sélectionner"):
        assert label in page
    for english in ("Select all", ">Kind<", ">Audience<"):
        assert english not in page
