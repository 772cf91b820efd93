"""The sign-up form: email, language of the messages, topics (or all of them)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import consent


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages"), choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    all_topics = forms.BooleanField(label=_("All topics"), required=False)
    topics = TopicChoiceField(
        label=_("Topics"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The priority areas you want news about: choose at least one, or all "
                    "topics."),
    )
    # The version of the consent wording the page showed (see consent.py).
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, topics, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics

    def clean(self) -> dict:
        data = super().clean()
        if data.get("consent_version") != consent.VERSION:
            # The template always shows (and posts) the current wording and version.
            self.add_error(None, forms.ValidationError(
                _("The consent wording changed since this page was opened: please read it "
                  "again below, then subscribe."), code="stale_consent"))
        if not data.get("all_topics") and not data.get("topics") and "topics" not in self.errors:
            self.add_error("topics", forms.ValidationError(
                _("Choose at least one topic, or “All topics”."), code="no_topic"))
        return data
