"""The page where a partner makes, lists and revokes their personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from initiatives.workspace_views import workspace_view

from . import services
from .forms import TokenForm
from .models import ApiToken


def _page(request: HttpRequest, form: TokenForm, secret: str = "", status: int = 200):
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(request, "api/tokens.html", {
        "form": form, "tokens": tokens, "secret": secret,
    }, status=status)
    if secret:
        # The secret is in this answer only: never kept by a browser or a proxy.
        response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@workspace_view
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)  # by field ("days"), or for the whole form
        else:
            return _page(request, TokenForm(), secret=secret, status=201)
    return _page(request, form, status=400 if form.errors else 200)


@require_POST
@workspace_view
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:tokens")
