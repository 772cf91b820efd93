"""Signing in: email and password, logout by POST, rate limits, the admin through allauth,
two-factor authentication required of coordinators and administrators, emails in the
user's language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.factories_workspace import PASSWORD, activate_totp, current_totp_code

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def sign_in(client, user, password=PASSWORD, lang="en"):
    return client.post(url("account_login", lang), {"login": user.email, "password": password})



def test_partner_signs_in_to_workspace_in_preferred_language(client, staff_a):
    staff_a.preferred_language = "en"
    staff_a.save()
    response = sign_in(client, staff_a, lang="fr")
    assert response.status_code == 302
    assert response["Location"] == url("workspace:home", "en")
    assert client.get(response["Location"]).status_code == 200


def test_wrong_password_is_refused(client, staff_a):
    response = sign_in(client, staff_a, password="wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(url("workspace:home")).status_code == 302


def test_workspace_requires_sign_in(client):
    response = client.get(url("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_logout_only_by_post(client, staff_a):
    client.force_login(staff_a)
    client.get(url("account_logout"))
    assert client.get(url("workspace:home")).status_code == 200  # still signed in
    client.post(url("account_logout"))
    assert client.get(url("workspace:home")).status_code == 302


PAUSED = "Too many failed sign-ins to this address"


def test_repeated_bad_passwords_pause_sign_ins_from_a_new_device(
    client, staff_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(5):
            sign_in(client, staff_a, password="wrong-password")
    response = sign_in(client, staff_a)  # the right password, from the attacker's device
    assert response.status_code == 200
    assert PAUSED in response.content.decode()
    assert client.get(url("workspace:home")).status_code == 302
    # The owner is told once, in their language.
    [message] = mail.outbox
    assert message.to == [staff_a.email]
    assert "5 times with a wrong password" in message.body or "5 fois" in message.body


def test_the_owner_still_signs_in_from_their_usual_device(client, staff_a):
    """Anyone who knew the address could lock a coordinator out with five wrong passwords;
    the device the owner signed in from before keeps working."""
    from django.test import Client

    assert sign_in(client, staff_a).status_code == 302  # the owner's usual device
    client.post(url("account_logout"))
    attacker = Client()
    for _attempt in range(6):
        sign_in(attacker, staff_a, password="wrong-password")
    assert PAUSED in sign_in(attacker, staff_a).content.decode()
    # Another device of the owner's, never used: paused too, until the pause ends.
    assert PAUSED in sign_in(Client(), staff_a).content.decode()
    response = sign_in(client, staff_a)
    assert response.status_code == 302
    assert client.get(url("workspace:home")).status_code == 200


def test_a_forged_known_device_cookie_does_not_lift_the_pause(client, staff_a):
    from django.test import Client

    for _attempt in range(5):
        sign_in(client, staff_a, password="wrong-password")
    forger = Client()
    forger.cookies["known_device"] = f"[{staff_a.pk}]"
    assert PAUSED in sign_in(forger, staff_a).content.decode()


@pytest.mark.parametrize("lang, expected", [
    ("en", "Too many failed sign-ins to this address"),
    ("fr", "Trop de connexions échouées pour cette adresse"),
])
def test_the_pause_is_said_in_the_pages_language(client, staff_a, lang, expected):
    for _attempt in range(5):
        sign_in(client, staff_a, password="wrong-password", lang=lang)
    page = sign_in(client, staff_a, lang=lang).content.decode().replace("&#x27;", "’")
    assert expected in page


def test_admin_login_goes_through_allauth(client, administrator, staff_a):
    response = client.get(url("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))
    response = client.get("/en/admin/")
    assert response.status_code == 302
    # A signed-in partner is refused by the admin.
    client.force_login(staff_a)
    assert client.get(url("admin:login")).status_code == 403


@pytest.mark.parametrize("who", ["coordinator", "administrator"])
def test_mfa_required_before_anything_else(client, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    setup = url("mfa_activate_totp")
    for address in (url("workspace:home"), url("coordination:queue"), url("portal:home"),
                    "/en/admin/"):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"] == setup
    assert client.get(setup).status_code in (200, 302)  # the set-up (or re-authentication)
    assert client.get("/healthz").status_code in (200, 503)
    client.post(url("account_logout"))
    assert client.get(url("workspace:home"))["Location"].startswith(url("account_login"))


def test_partners_are_not_asked_for_mfa(client, lead_a):
    client.force_login(lead_a)
    assert client.get(url("workspace:home")).status_code == 200


def test_coordinator_signs_in_with_totp(client, coordinator):
    secret = activate_totp(coordinator)
    response = sign_in(client, coordinator)
    assert response.status_code == 302
    assert response["Location"] == url("mfa_authenticate")
    # Not signed in until the code is given.
    assert client.get(url("coordination:queue"))["Location"].startswith(url("account_login"))
    response = client.post(url("mfa_authenticate"), {"code": "000000"})
    assert client.get(url("coordination:queue")).status_code == 302
    sign_in(client, coordinator)
    response = client.post(url("mfa_authenticate"), {"code": current_totp_code(secret)})
    assert response.status_code == 302
    assert client.get(url("coordination:queue")).status_code == 200


def test_mfa_page_renders_in_site_shell(client, coordinator):
    activate_totp(coordinator)
    sign_in(client, coordinator)
    content = client.get(url("mfa_authenticate")).content.decode()
    assert 'class="skip-link"' in content and '<main id="main"' in content


def test_password_reset_email_in_users_language(client, django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="fr.user@example.org", preferred_language="fr")
    # Sent through the outbox once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("account_reset_password", "en"), {"email": user.email})
    assert len(mail.outbox) == 1
    french = mail.outbox[0]
    assert "réinitialisation" in french.subject.lower()
    # The link, the greeting and the signature are in the recipient's language too, with
    # the portal's name (not the host's) and "courriel", never allauth's "e-mail".
    assert "/fr/comptes/" in french.body and "/en/accounts/" not in french.body
    assert french.body.startswith("Bonjour,")
    assert "Partenariat pour la sécurité communautaire" in french.body
    assert "testserver" not in french.body.split("http")[0]
    assert "e-mail" not in french.body.lower() and "courriel" in french.body
    other = factories.UserFactory(email="en.user@example.org", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("account_reset_password", "fr"), {"email": other.email})
    english = mail.outbox[1]
    assert "reset" in english.subject.lower()
    assert "/en/accounts/" in english.body and "/fr/comptes/" not in english.body
    assert english.body.startswith("Hello,")


def test_the_reset_link_is_on_the_sites_address_whatever_host_was_asked(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    settings.SITE_URL = "https://securite.example.ca"
    user = factories.UserFactory(email="someone@example.org", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("account_reset_password", "en"), {"email": user.email},
                    HTTP_HOST="evil.example")
    [message] = mail.outbox
    assert "https://securite.example.ca/en/accounts/password/reset/key/" in message.body
    assert "evil.example" not in message.body


@pytest.mark.parametrize("name", ["account_login", "account_reset_password"])
def test_allauth_pages_say_courriel_in_french(client, name):
    page = client.get(url(name, "fr")).content.decode()
    assert "e-mail" not in page.lower() and "courriel" in page.lower()


def test_password_reset_is_rate_limited(client, django_capture_on_commit_callbacks):
    user = factories.UserFactory(email="reset.me@example.org")
    statuses = []
    for _attempt in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(
                client.post(url("account_reset_password"), {"email": user.email}).status_code
            )
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5


def test_coordinator_sets_up_totp_then_reaches_coordination(client, coordinator):
    from allauth.mfa.models import Authenticator

    from tests.factories_workspace import code_for

    sign_in(client, coordinator)
    setup = url("mfa_activate_totp")
    assert client.get(url("coordination:queue"))["Location"] == setup
    # allauth asks for the password again before adding an authenticator.
    response = client.get(setup)
    assert response["Location"].startswith(url("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    response = client.get(setup)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<main id="main"' in content  # inside the site shell
    secret = response.context["form"].secret
    response = client.post(setup, {"code": code_for(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=coordinator, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(url("coordination:queue")).status_code == 200


def test_behind_the_proxy_each_visitor_has_their_own_sign_in_limit(settings):
    """Every request reaches gunicorn from the proxy's address; with the proxy trusted, the
    per-address limit counts each visitor's own address (X-Forwarded-For), so one visitor's
    failed attempts do not lock out the others."""
    from django.test import Client

    limited = "Too many failed login attempts"

    def attempt(client, email):
        return client.post(url("account_login"), {"login": email, "password": "wrong"})

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    answers = [attempt(attacker, f"nobody{n}@example.org") for n in range(11)]
    assert limited in answers[-1].content.decode()  # 10 a minute from one address
    neighbour = Client(HTTP_X_FORWARDED_FOR="198.51.100.23", **proxy)
    assert limited not in attempt(neighbour, "someone@example.org").content.decode()

    # Without trusting the proxy, everyone shares its address: the neighbour is locked out.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        attempt(attacker, f"again{n}@example.org")
    assert limited in attempt(neighbour, "other@example.org").content.decode()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sign_in_fields_come_before_the_forgotten_password_link(client, lang):
    page = client.get(url("account_login", lang)).content.decode()
    email, password = page.index('name="login"'), page.index('name="password"')
    button = page.index('type="submit"', password)
    link = page.index(f'href="{url("account_reset_password", lang)}"')
    assert email < password < button < link
    assert 'aria-describedby="id_password_helptext"' not in page


def test_allauth_page_titles_are_one_line(client, coordinator):
    activate_totp(coordinator)
    sign_in(client, coordinator)
    for name in ("mfa_index", "mfa_view_recovery_codes", "account_reset_password"):
        page = client.get(url(name, "fr"), follow=True).content.decode()
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "\n" not in title and "  " not in title, title


@pytest.mark.parametrize("lang,step1,step2,step3,go_on", [
    ("en", "Step 1 of 3: confirm your password.", "Step 2 of 3: connect your authenticator app.",
     "Step 3 of 3: save these recovery codes", "I have saved them: continue to the workspace"),
    ("fr", "Étape 1 sur 3 : confirmez votre mot de passe.",
     "Étape 2 sur 3 : associez votre application d’authentification.",
     "Étape 3 sur 3 : enregistrez ces codes de récupération",
     "Je les ai enregistrés : continuer vers l’espace partenaire"),
])
def test_two_factor_set_up_says_why_at_each_step_and_leads_on(client, lang, step1, step2,
                                                              step3, go_on):
    from allauth.mfa.models import Authenticator

    coordinator = factories.UserFactory(is_coordinator=True, preferred_language=lang)

    def text(response) -> str:
        return response.content.decode().replace("\u00a0", " ").replace("&#x27;", "’")

    sign_in(client, coordinator, lang=lang)
    # Straight after signing in, allauth asks for the password again before the set-up.
    reauth = client.get(url("mfa_activate_totp", lang), follow=True)
    page = text(reauth)
    assert "/reauthenticate/" in reauth.redirect_chain[-1][0] or step2 in page
    if "/reauthenticate/" in reauth.redirect_chain[-1][0]:
        assert step1 in page
        client.post(reauth.redirect_chain[-1][0], {"password": PASSWORD})
    activate = client.get(url("mfa_activate_totp", lang))
    page = text(activate)
    assert step2 in page
    secret = activate.context["form"].secret
    alt = page.split('class="qr-code"', 1)[1].split("alt=", 1)[1].split('"')[1]
    assert secret not in alt and len(alt) > 20
    from tests.factories_workspace import current_totp_code

    done = client.post(url("mfa_activate_totp", lang), {"code": current_totp_code(secret)},
                       follow=True)
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    page = text(done)
    assert step3 in page and go_on in page
    assert f'href="{url("workspace:home", lang)}"' in page


def test_sign_out_message_is_in_the_pages_language_not_the_preferred_one(client, lead_a):
    """A lead who prefers English signs out of a French page: the home page they land on
    is French, and so is the message."""
    lead_a.preferred_language = "en"
    lead_a.save()
    client.force_login(lead_a)
    landed = client.post(url("account_logout", "fr"), follow=True)
    text = landed.content.decode()
    assert landed.request["PATH_INFO"].startswith("/fr/")
    assert "You have signed out" not in text
    # The portal's own words, not allauth's « Vous êtes déconnecté(e). »
    assert "Votre session est fermée." in text
    assert "déconnecté(e)" not in text


def test_sign_in_message_is_in_the_language_of_the_page_it_lands_on(client, staff_a):
    """Signed in from a French page with a French page to return to: the message is French,
    whatever the preferred language; without one, the workspace opens in the preferred
    language, and the message speaks it too."""
    staff_a.preferred_language = "en"
    staff_a.save()
    back = url("workspace:activities", "fr")
    landed = client.post(url("account_login", "fr") + f"?next={back}",
                         {"login": staff_a.email, "password": PASSWORD}, follow=True)
    assert landed.request["PATH_INFO"] == back
    assert "Session ouverte au nom de" in landed.content.decode()
    client.post(url("account_logout", "fr"), follow=True)
    landed = client.post(url("account_login", "fr"),
                         {"login": staff_a.email, "password": PASSWORD}, follow=True)
    assert landed.request["PATH_INFO"] == url("workspace:home", "en")
    assert "Successfully signed in" in landed.content.decode()


@pytest.mark.parametrize("lang, subject", [("fr", "Réinitialisation de votre mot de passe"),
                                           ("en", "Reset your password")])
def test_the_reset_subject_has_no_host_prefix_and_reads_as_a_sentence(
    client, lang, subject, django_capture_on_commit_callbacks
):
    user = factories.UserFactory(email="someone@example.org", preferred_language=lang)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("account_reset_password", lang), {"email": user.email})
    assert mail.outbox[-1].subject == subject


def test_password_change_message_is_in_the_portals_french(client, staff_a):
    """allauth's « Mot de passe modifié avec succès. » is replaced by the portal's words."""
    client.force_login(staff_a)
    changed = client.post(url("account_change_password", "fr"),
                          {"oldpassword": PASSWORD, "password1": "Une-autre-phrase-2026!",
                           "password2": "Une-autre-phrase-2026!"}, follow=True)
    text = changed.content.decode()
    assert "Votre mot de passe a été modifié." in text
    assert "avec succès" not in text
