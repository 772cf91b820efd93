from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse, translate_url
from django.utils import translation

from partners.models import User
from portal.core.mail import queue_email

from . import throttle


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join the portal through an invitation only.

    Each person lands in their workspace, and receives allauth's emails (password reset...),
    in their preferred language.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", None)
        if language and url == reverse("workspace:home"):
            with translation.override(language):
                return reverse("workspace:home")
        return url

    def add_message(self, request, level, message_template=None, message_context=None,
                    extra_tags="", message=None) -> None:
        """A message speaks the language of the page that shows it: the page asked for,
        or, after sign-in, the page the person lands on (see :meth:`post_login`); never
        simply the preferred language (a lead who prefers English signs out of a French
        page and reads French)."""
        language = getattr(request, "landing_language", None)
        with translation.override(language or translation.get_language()):
            return super().add_message(request, level, message_template, message_context,
                                       extra_tags, message)

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The link of a password-reset email, on ``SITE_URL``: never on the host the
        request named (a forged Host header would send the key elsewhere)."""
        from urllib.parse import quote

        from django.conf import settings

        path = reverse("account_reset_password_from_key",
                       kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL.rstrip("/") + path.replace("UID-KEY", quote(key))

    def pre_authenticate(self, request, **credentials) -> None:
        """allauth's limit per network address, then the pause of :mod:`partners.throttle`
        (never from a device the person signed in from before)."""
        from django import forms
        from django.conf import settings
        from django.utils.translation import gettext as _

        super().pre_authenticate(request, **credentials)
        if throttle.is_paused(request, credentials.get("email", "")):
            raise forms.ValidationError(_(
                "Too many failed sign-ins to this address: sign-ins from a device not used "
                "before are paused for %(minutes)s minutes. Sign in from a device you have "
                "used, try again later, or reset your password."
            ) % {"minutes": settings.SIGN_IN_PAUSE_SECONDS // 60}, code="sign_in_paused")

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        throttle.record_failure(credentials.get("email", ""))

    def post_login(self, request, user, **kwargs):
        # The sign-in message is read on the page the person lands on: their workspace
        # in their preferred language, or the page they came to sign in for.
        from allauth.account.utils import get_login_redirect_url

        landing_url = get_login_redirect_url(request, kwargs.get("redirect_url"),
                                             signup=kwargs.get("signup", False))
        landing = translation.get_language_from_path(urlsplit(landing_url).path)
        if landing:
            request.landing_language = landing
        response = super().post_login(request, user, **kwargs)
        throttle.remember_device(response, request, user)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered in the person's language, and sent through the portal's outbox, so a
        mail server that is down delays a password reset instead of failing it."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        # Links were built in the language of the page that asked (a French user resetting
        # from an English page): each one leads to the recipient's language instead.
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in getattr(message, "alternatives", [])
                     if mimetype == "text/html"), "")
        queue_email(to=email, subject=message.subject, body=message.body, html=html)
