"""The mailing list: double opt-in, the record of consent, unsubscribe without signing in,
no answer that tells whether an address is on the list, the coordinators' counts and export,
the clean-up of sign-ups never confirmed, and the rate limits."""

from __future__ import annotations

import csv
import datetime
import io
import re
import socket
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.mailing import consent, services, tokens
from portal.mailing.models import Subscription
from portal.mailing.tasks import purge_unconfirmed_signups
from priorities.models import Plan
from tests import factories
from tests.factories_workspace import activate_totp

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def areas():
    Plan.objects.update(is_featured=False)
    plan = factories.PlanFactory(is_featured=True)
    youth = factories.PriorityAreaFactory(plan=plan, title_fr="Jeunes", title_en="Youth",
                                          order=1)
    gbv = factories.PriorityAreaFactory(plan=plan, title_fr="Violence fondée sur le genre",
                                        title_en="Gender-based violence", order=2)
    return {"youth": youth, "gbv": gbv}


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def sign_up(client, capture, *, email="ana@example.org", page="en", language="en",
            topics=(), all_topics=False, ip="203.0.113.7", version=None):
    data = {"email": email, "language": language,
            "topics": [area.pk for area in topics],
            "consent_version": version or consent.VERSION}
    if all_topics:
        data["all_topics"] = "on"
    with capture(execute=True):
        return client.post(url("mailing:signup", page), data, REMOTE_ADDR=ip)


def links(message) -> list[str]:
    return LINK.findall(message.body)


def confirm_link(message) -> str:
    return next(link for link in links(message) if "/confirm" in link)


def unsubscribe_link(message) -> str:
    return next(link for link in links(message)
                if "/unsubscribe/" in link or "/desabonnement/" in link)


def local(link: str) -> str:
    """The path of an absolute link of an email."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def signed_up(client, areas, django_capture_on_commit_callbacks):
    """A pending sign-up and its confirmation email."""
    sign_up(client, django_capture_on_commit_callbacks, topics=[areas["youth"]])
    return Subscription.objects.get(), mail.outbox[-1]


def confirm(client, message) -> None:
    assert client.post(local(confirm_link(message))).status_code == 200


# --- The form -------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "path", "wording", "topic", "footer"), [
    ("fr", "/fr/liste-de-diffusion/", "J’accepte de recevoir", "Jeunes",
     "Abonnez-vous à la liste de diffusion"),
    ("en", "/en/mailing-list/", "I agree to receive", "Youth",
     "Subscribe to the mailing list"),
])
def test_sign_up_page_in_each_language(client, areas, lang, path, wording, topic, footer):
    assert url("mailing:signup", lang) == path
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert consent.consent_text(lang) in html and wording.lower() in html.lower()
    assert topic in html and 'name="all_topics"' in html
    other = "en" if lang == "fr" else "fr"
    assert f'href="{url("mailing:signup", other)}"' in html  # the language toggle
    # Linked from the footer of every page.
    home = client.get(url("portal:home", lang)).content.decode()
    assert f'href="{path}"' in home and footer in home


def test_a_topic_is_required(client, areas, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Choose at least one topic" in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


def test_french_page_explains_errors_in_french(client, areas,
                                               django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, page="fr",
                       email="pas-une-adresse")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez au moins un sujet" in html
    assert not Subscription.objects.exists()


def test_a_sign_up_made_on_an_older_wording_is_asked_to_read_the_new_one(
    client, areas, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, topics=[areas["youth"]],
                       version="2000-1")
    assert response.status_code == 200
    assert "The consent wording changed" in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


# --- Double opt-in ----------------------------------------------------------------------------


def test_nothing_but_the_confirmation_is_sent_before_confirming(client, signed_up):
    subscription, message = signed_up
    assert subscription.status == Subscription.Status.PENDING
    assert len(mail.outbox) == 1
    assert message.to == ["ana@example.org"]
    assert message.subject == "Confirm your subscription to the mailing list"
    assert "Youth" in message.body and "within 7 days" in message.body
    # The unsubscribe link is in the text and in the List-Unsubscribe headers (RFC 8058).
    link = unsubscribe_link(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A pending address is never written to nor exported.
    assert not Subscription.objects.confirmed().exists()
    # Opening the link is not confirming (mail scanners open links): the button is.
    response = client.get(local(confirm_link(message)))
    assert response.status_code == 200
    assert "Confirm my subscription" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING


def test_the_confirmation_link_works_once(client, signed_up):
    subscription, message = signed_up
    link = local(confirm_link(message))
    response = client.post(link)
    assert "Subscription confirmed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    confirmed_at = subscription.confirmed_at
    for again in (client.get(link), client.post(link)):
        assert again.status_code == 200
        assert "already confirmed" in again.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at == confirmed_at
    assert len(mail.outbox) == 1  # confirming sends nothing


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "This link has expired"), ("fr", "Ce lien a expiré"),
])
def test_an_expired_link_is_refused_in_the_page_language(client, areas, settings, lang,
                                                         title):
    subscription = Subscription.objects.create(
        email="old@example.org", language=lang, key=tokens.new_key(),
        signed_up_at=timezone.now(), source_url="x", signup_ip_hash="", consent_text="x",
        consent_language=lang, consent_version=consent.VERSION, topics_chosen="x",
    )
    eight_days_ago = timezone.now().timestamp() - 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        token = tokens.confirmation_token(subscription.key)
    for method in (client.get, client.post):
        response = method(url("mailing:confirm", lang, token=token))
        assert response.status_code == 400
        assert title in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    # Within the setting's days, the same kind of link works.
    settings.MAILING_CONFIRMATION_DAYS = 9
    assert client.post(url("mailing:confirm", lang, token=token)).status_code == 200


def test_a_tampered_link_is_refused(client, signed_up):
    subscription, message = signed_up
    link = local(confirm_link(message))
    token = link.rstrip("/").rsplit("/", 1)[1]
    key, stamp, signature = token.split(":")
    forged = [
        link.replace(signature, signature[:-1] + ("A" if signature[-1] != "A" else "B")),
        link.replace(key, tokens.new_key()),
        link.replace(token, tokens.unsubscribe_token(subscription.key)),  # another salt
    ]
    for address in forged:
        response = client.post(address)
        assert response.status_code == 400, address
        assert "This link is not valid" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING


def test_the_email_is_in_the_language_chosen(client, areas,
                                              django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, page="en", language="fr",
            topics=[areas["youth"], areas["gbv"]])
    message = mail.outbox[0]
    assert message.subject == "Confirmez votre abonnement à la liste de diffusion"
    assert "Jeunes; Violence fondée sur le genre" in message.body
    assert "/fr/liste-de-diffusion/confirmer/" in confirm_link(message)
    assert "/fr/liste-de-diffusion/desabonnement/" in unsubscribe_link(message)
    response = Client().get(local(confirm_link(message)))
    assert 'lang="fr"' in response.content.decode()


# --- No answer tells whether an address is on the list ---------------------------------------


def test_the_same_answer_for_a_new_a_waiting_and_a_confirmed_address(
    client, areas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    confirmed = Subscription.objects.create(
        email="known@example.org", language="en", key=tokens.new_key(), all_topics=True,
        signed_up_at=timezone.now(), source_url="x", signup_ip_hash="", consent_text="x",
        consent_language="en", consent_version=consent.VERSION, topics_chosen="All topics",
        status=Subscription.Status.CONFIRMED, confirmed_at=timezone.now(),
    )
    sign_up(client, capture, email="waiting@example.org", topics=[areas["gbv"]])
    mail.outbox.clear()
    answers = []
    for address in ("new@example.org", "waiting@example.org", "KNOWN@example.org"):
        response = sign_up(client, capture, email=address, topics=[areas["youth"]])
        answers.append((response.status_code, response["Location"], response.content))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302
    page = client.get(answers[0][1])
    assert page.status_code == 200 and "Check your email" in page.content.decode()
    # Each address got exactly one email; the confirmed one is told, and nothing changed.
    assert [m.to[0] for m in mail.outbox] == [
        "new@example.org", "waiting@example.org", "known@example.org"]
    already = mail.outbox[2]
    assert already.subject == "You are already subscribed to the mailing list"
    assert not any("/confirm" in link for link in links(already))
    assert already.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_link(already)}>"
    known = Subscription.objects.get(pk=confirmed.pk)
    assert (known.status, known.all_topics, known.confirmed_at) == (
        confirmed.status, True, confirmed.confirmed_at)
    assert list(known.topics.all()) == []
    # The waiting sign-up was replaced by the new one (one record per address in force).
    waiting = Subscription.objects.get(email="waiting@example.org")
    assert list(waiting.topics.all()) == [areas["youth"]]


# --- Unsubscribe -----------------------------------------------------------------------------


def test_unsubscribe_without_signing_in_get_then_post(client, signed_up):
    subscription, message = signed_up
    confirm(client, message)
    link = local(unsubscribe_link(message))
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(link)
    assert response.status_code == 200
    assert "Press the button to stop receiving" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED  # GET changes nothing
    response = visitor.post(link)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.unsubscribe_method == Subscription.Method.PAGE
    withdrawn_at = subscription.unsubscribed_at
    # The record of consent stays, with the date of withdrawal; a second time is harmless.
    assert subscription.consent_text and subscription.confirmed_at
    assert visitor.post(link).status_code == 200
    assert "You are unsubscribed" in visitor.get(link).content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at == withdrawn_at
    assert not Subscription.objects.confirmed().exists()


def test_one_click_unsubscribe_from_the_email_program(signed_up):
    subscription, message = signed_up
    confirm(Client(), message)
    target = message.extra_headers["List-Unsubscribe"].strip("<>")
    # RFC 8058: a POST with this body, no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        local(target), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.unsubscribe_method == Subscription.Method.ONE_CLICK


def test_a_tampered_unsubscribe_link_is_refused(client, signed_up):
    subscription, message = signed_up
    link = local(unsubscribe_link(message))
    response = client.post(link.rstrip("/")[:-2] + "xx/")
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING


def test_the_confirmation_link_of_a_withdrawn_sign_up_no_longer_confirms(client, signed_up):
    subscription, message = signed_up
    client.post(local(unsubscribe_link(message)))  # from the confirmation email itself
    response = client.post(local(confirm_link(message)))
    assert response.status_code == 400
    assert "This subscription was withdrawn" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.confirmed_at is None


def test_signing_up_again_keeps_the_old_record_and_old_links_still_unsubscribe(
    client, areas, signed_up, django_capture_on_commit_callbacks
):
    first, first_message = signed_up
    confirm(client, first_message)
    client.post(local(unsubscribe_link(first_message)))
    sign_up(client, django_capture_on_commit_callbacks, all_topics=True)
    second = Subscription.objects.exclude(pk=first.pk).get()
    assert second.status == Subscription.Status.PENDING and second.all_topics
    confirm(client, mail.outbox[-1])
    first.refresh_from_db()
    assert first.status == Subscription.Status.UNSUBSCRIBED  # the old record is kept
    # A link from an older message stops the address, whatever sign-up it came from.
    client.post(local(unsubscribe_link(first_message)))
    second.refresh_from_db()
    assert second.status == Subscription.Status.UNSUBSCRIBED


# --- The record of consent -------------------------------------------------------------------


def test_the_record_of_consent(client, areas, django_capture_on_commit_callbacks):
    page = client.get(url("mailing:signup", "fr")).content.decode()
    before = timezone.now()
    sign_up(client, django_capture_on_commit_callbacks, page="fr", language="en",
            topics=[areas["gbv"], areas["youth"]], ip="198.51.100.23")
    record = Subscription.objects.get()
    # What: the wording exactly as the French page showed it, its language and version.
    assert record.consent_text == consent.consent_text("fr")
    assert record.consent_text in page
    assert record.consent_language == "fr" and record.consent_version == consent.VERSION
    assert "Prévention du crime Ottawa" in record.consent_text
    # The language and topics chosen, and the topics as the page named them.
    assert record.language == "en"
    assert set(record.topics.all()) == {areas["gbv"], areas["youth"]}
    assert record.topics_chosen == "Jeunes; Violence fondée sur le genre"
    # How: the form's address, and a keyed hash of the IP address, never the address.
    assert record.source_url == "http://testserver/fr/liste-de-diffusion/"
    assert record.signup_ip_hash == services.hash_ip("198.51.100.23")
    assert "198.51.100.23" not in str(Subscription.objects.values().get())
    assert len(record.signup_ip_hash) == 64
    # When: the sign-up, then the confirmation.
    assert before <= record.signed_up_at <= timezone.now()
    assert record.confirmed_at is None
    Client(REMOTE_ADDR="192.0.2.1").post(local(confirm_link(mail.outbox[0])))
    record.refresh_from_db()
    assert record.confirmed_at >= record.signed_up_at
    assert record.confirmation_ip_hash == services.hash_ip("192.0.2.1")


# --- The coordinators ------------------------------------------------------------------------


def make(email, status, *, language="en", topics=(), all_topics=False, days_ago=0):
    now = timezone.now() - datetime.timedelta(days=days_ago)
    subscription = Subscription.objects.create(
        email=email, language=language, key=tokens.new_key(), all_topics=all_topics,
        signed_up_at=now, source_url="http://testserver/en/mailing-list/",
        signup_ip_hash=services.hash_ip("203.0.113.1"), consent_text=consent.consent_text("en"),
        consent_language="en", consent_version=consent.VERSION, topics_chosen="x",
        status=status,
        confirmed_at=now if status != "pending" else None,
        unsubscribed_at=now if status == "unsubscribed" else None,
    )
    subscription.topics.set(topics)
    return subscription


@pytest.fixture
def list_of_four(areas):
    make("ana@example.org", "confirmed", topics=[areas["youth"]])
    make("=1+2@example.org", "confirmed", language="fr", all_topics=True)
    make("pending@example.org", "pending", topics=[areas["youth"]])
    make("gone@example.org", "unsubscribed", topics=[areas["gbv"]])


@pytest.fixture
def coordinator_client(client, coordinator):
    activate_totp(coordinator)
    client.force_login(coordinator)
    return client


def test_the_export_holds_confirmed_addresses_only_and_no_formula(coordinator_client,
                                                                   list_of_four):
    response = coordinator_client.get(url("coordination:mailing_list_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="mailing-list-confirmed-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Email", "Language", "Topics", "Consent date"]
    emails = [row[0] for row in rows[1:]]
    assert emails == ["ana@example.org", "'=1+2@example.org"]
    assert "pending@example.org" not in text and "gone@example.org" not in text
    assert rows[1][1:3] == ["en", "Youth"] and rows[2][1:3] == ["fr", "All topics"]
    assert datetime.datetime.fromisoformat(rows[1][3]).tzinfo is not None
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_the_coordination_page_shows_counts_and_no_address(coordinator_client, areas,
                                                          list_of_four):
    response = coordinator_client.get(url("coordination:mailing_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "@example.org" not in html and "@" not in html.split("<main", 1)[1].split(
        "</main>")[0]

    def row(label):
        cells = re.search(rf"<th scope=\"row\">{label}</th>(.*?)</tr>", html, re.S).group(1)
        return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', cells)]

    # Columns: confirmed (fr, en), pending (fr, en), unsubscribed (fr, en).
    assert row(r"Everyone \(each person once\)") == [1, 1, 0, 1, 0, 1]
    assert row("All topics") == [1, 0, 0, 0, 0, 0]
    assert row("Youth") == [0, 1, 0, 1, 0, 0]
    assert row("Gender-based violence") == [0, 0, 0, 0, 0, 1]
    assert 'href="' + url("coordination:mailing_list_export") + '"' in html


def test_the_coordination_page_reads_a_constant_number_of_queries(coordinator_client,
                                                                   areas, list_of_four):
    address = url("coordination:mailing_list")
    coordinator_client.get(address)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(address)
    for n in range(20):
        make(f"more{n}@example.org", "confirmed", topics=[areas["youth"], areas["gbv"]])
    with CaptureQueriesContext(connection) as many:
        coordinator_client.get(address)
    assert len(many) == len(few) <= 12


def test_partners_get_403_and_visitors_sign_in(client, staff_a, lead_a, areas):
    for address in (url("coordination:mailing_list"), url("coordination:mailing_list_export")):
        assert client.get(address).status_code == 302
        for user in (staff_a, lead_a):
            client.force_login(user)
            assert client.get(address).status_code == 403
        client.logout()


def test_the_workspace_menu_links_coordinators_to_the_list(coordinator_client, areas):
    html = coordinator_client.get(url("coordination:queue")).content.decode()
    assert f'href="{url("coordination:mailing_list")}"' in html


# --- Clean-up --------------------------------------------------------------------------------


def test_the_clean_up_task_deletes_only_unconfirmed_sign_ups_older_than_30_days(areas,
                                                                                settings):
    old_pending = make("old@example.org", "pending", topics=[areas["youth"]], days_ago=31)
    recent_pending = make("recent@example.org", "pending", days_ago=29)
    old_confirmed = make("confirmed@example.org", "confirmed", days_ago=400)
    old_withdrawn = make("withdrawn@example.org", "unsubscribed", days_ago=400)
    never_confirmed = make("never@example.org", "pending", days_ago=31)
    Subscription.objects.filter(pk=never_confirmed.pk).update(
        status="unsubscribed", unsubscribed_at=timezone.now())
    assert purge_unconfirmed_signups.delay().get() == 2
    remaining = set(Subscription.objects.values_list("pk", flat=True))
    assert remaining == {recent_pending.pk, old_confirmed.pk, old_withdrawn.pk}
    assert old_pending.pk not in remaining
    assert not Subscription.topics.through.objects.filter(subscription_id=old_pending.pk)
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert any(entry["task"] == "portal.mailing.tasks.purge_unconfirmed_signups"
               for entry in schedule.values())


# --- Rate limits -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "Too many attempts"), ("fr", "Trop de tentatives"),
])
def test_too_many_sign_ups_from_one_address_get_a_429(client, areas, settings,
                                                      django_capture_on_commit_callbacks,
                                                      lang, title):
    settings.MAILING_SIGNUPS_PER_IP_PER_HOUR = 2
    for n in range(2):
        response = sign_up(client, django_capture_on_commit_callbacks, page=lang,
                           email=f"p{n}@example.org", topics=[areas["youth"]])
        assert response.status_code == 302
    response = sign_up(client, django_capture_on_commit_callbacks, page=lang,
                       email="third@example.org", topics=[areas["youth"]])
    assert response.status_code == 429
    assert title in response.content.decode()
    assert f'<html lang="{lang}">' in response.content.decode()
    assert Subscription.objects.count() == 2 and len(mail.outbox) == 2
    # Another visitor is not held back.
    other = sign_up(client, django_capture_on_commit_callbacks, page=lang,
                    email="third@example.org", topics=[areas["youth"]], ip="192.0.2.99")
    assert other.status_code == 302


def test_too_many_sign_ups_for_one_email_address_get_a_429(
    client, areas, settings, django_capture_on_commit_callbacks
):
    settings.MAILING_SIGNUPS_PER_ADDRESS_PER_DAY = 2
    for n in range(2):
        response = sign_up(client, django_capture_on_commit_callbacks, ip=f"192.0.2.{n}",
                           email="target@example.org", topics=[areas["youth"]])
        assert response.status_code == 302
    response = sign_up(client, django_capture_on_commit_callbacks, ip="192.0.2.50",
                       email="TARGET@example.org", topics=[areas["youth"]])
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_the_form_works_with_the_cache_down(client, areas, settings,
                                             django_capture_on_commit_callbacks):
    with socket.socket() as probe:  # a port where nothing listens: Redis is "down"
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {"default": {
        "BACKEND": "portal.core.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }}
    settings.MAILING_SIGNUPS_PER_IP_PER_HOUR = 1
    assert client.get(url("mailing:signup")).status_code == 200
    for n in range(3):
        response = sign_up(client, django_capture_on_commit_callbacks,
                           email=f"down{n}@example.org", topics=[areas["youth"]])
        assert response.status_code == 302
    assert Subscription.objects.count() == 3 and len(mail.outbox) == 3


# --- The outbox carries the headers ----------------------------------------------------------


def test_queued_headers_reach_the_message(django_capture_on_commit_callbacks):
    from portal.core.mail import queue_email

    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to="a@example.org", subject="S", body="B",
                    headers={"List-Unsubscribe": "<https://example.org/u/1/>"})
        queue_email(to="b@example.org", subject="S", body="B")  # as before
    assert mail.outbox[0].extra_headers == {"List-Unsubscribe": "<https://example.org/u/1/>"}
    assert mail.outbox[1].extra_headers == {}
    assert "List-Unsubscribe: <https://example.org/u/1/>" in mail.outbox[0].message().as_string()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_links_never_reach_a_log(lang):
    from portal.core.redaction import redact

    key = tokens.new_key()
    for name, token in (("mailing:confirm", tokens.confirmation_token(key)),
                        ("mailing:unsubscribe", tokens.unsubscribe_token(key))):
        line = f"POST {url(name, lang, token=token)} HTTP/1.1"
        assert token not in redact(line) and key not in redact(line)
        assert "[redacted]" in redact(line)
