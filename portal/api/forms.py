from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken
from .services import MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, so you recognise it: “Our CRM”, for example."))
    scope = forms.ChoiceField(label=_("What it may do"), choices=ApiToken.Scope.choices,
                              initial=ApiToken.Scope.READ, widget=forms.RadioSelect)
    days = forms.IntegerField(label=_("Days before it expires"), min_value=1,
                              max_value=MAX_DAYS, initial=90)
