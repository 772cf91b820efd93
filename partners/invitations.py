"""Invitation views: invite (leads for their organisation, coordinators for any), accept."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import roles, services
from .forms import AcceptInvitationForm, InvitationForm
from .models import Invitation, User


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    if not roles.can_invite_anyone(request.user):
        raise PermissionDenied
    organisations = roles.organisations_to_invite_for(request.user)
    form = InvitationForm(
        request.POST or None,
        organisations=organisations,
        initial={"language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": invitation.email},
            )
            if User.objects.filter(email__iexact=invitation.email).exists():
                messages.info(request, _(
                    "%(email)s already has an account: they will sign in with it to accept "
                    "the invitation."
                ) % {"email": invitation.email})
            return redirect("invitations:list")
    invitations = (
        Invitation.objects.filter(organisation__in=organisations)
        .not_replaced()
        .select_related("organisation", "invited_by")
        .order_by("-created_at")[:50]
    )
    return render(
        request, "invitations/list.html", {"form": form, "invitations": invitations}
    )


def _invitation_to_manage(request: HttpRequest, pk: int) -> Invitation:
    """An invitation the person may revoke or resend: one to an organisation they may
    invite to (anyone else's is a 404)."""
    if not roles.can_invite_anyone(request.user):
        raise PermissionDenied
    organisations = roles.organisations_to_invite_for(request.user)
    return get_object_or_404(Invitation, pk=pk, organisation__in=organisations)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation_to_manage(request, pk)
    try:
        services.invitation_revoke(by=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s is revoked: its link no "
                                    "longer works.") % {"email": invitation.email})
    return redirect("invitations:list")


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation_to_manage(request, pk)
    try:
        services.invitation_resend(by=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new invitation is sent to %(email)s; the link of the "
                                    "previous one no longer works.")
                         % {"email": invitation.email})
    return redirect("invitations:list")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_by_token(token)
    if invitation is None:
        raise Http404
    if not invitation.is_usable:
        replaced = (invitation.revoked_at is not None
                    and Invitation.objects.replaced_by(invitation).exists())
        return render(request, "invitations/unusable.html",
                      {"invitation": invitation, "replaced": replaced}, status=410)
    signed_in = request.user.is_authenticated
    form = None if signed_in else AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            if signed_in:
                user = services.invitation_accept(invitation=invitation, user=request.user)
            else:
                user = services.invitation_accept(
                    invitation=invitation,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("workspace:home")
            form.add_error(None, error)
        else:
            with translation.override(user.preferred_language):
                home = reverse("workspace:home")
            if signed_in:
                messages.success(request, _("You have joined %(organisation)s.") % {
                    "organisation": invitation.organisation})
                return redirect(home)
            return perform_login(request, user, redirect_url=home)
    return render(
        request,
        "invitations/accept.html",
        {"invitation": invitation, "form": form, "signed_in": signed_in},
    )
