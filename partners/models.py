from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.constraints import text_within
from portal.core.links import slug_url
from portal.core.models import TimeStampedModel
from portal.core.text import refuse_control_characters


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Identified by email; no username."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("The workspace and every email use this language."),
    )
    is_coordinator = models.BooleanField(
        _("coordinator"),
        default=False,
        help_text=_("Coordinators review updates across all partners and lock periods."),
    )
    # "Sign out everywhere": every session that began before this moment is ended.
    sessions_valid_after = models.DateTimeField(
        _("sessions valid after"), null=True, blank=True, editable=False,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    # Changes of role (coordinator, administrator, active) are recorded; the password and
    # sign-in times are not.
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "sessions_valid_after"]
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class OrganisationQuerySet(models.QuerySet):
    def public(self) -> OrganisationQuerySet:
        return self.filter(is_public=True)

    def locatable(self) -> OrganisationQuerySet:
        """Public organisations whose location (point and ward) may be published: the rule of
        :attr:`Organisation.location_is_public`, as a filter."""
        return self.public().filter(
            models.Q(show_on_map=True)
            | (
                models.Q(show_on_map__isnull=True)
                & ~models.Q(kind__in=Organisation.LOCATION_PRIVATE_KINDS)
            )
        )


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police service")
        MUNICIPAL = "municipal", _("Municipal agency")
        COMMUNITY = "community", _("Community organisation")
        SCHOOL = "school", _("School board")
        HEALTH = "health", _("Health")
        FUNDER = "funder", _("Funder")
        # Their address is usually not published: their location is hidden unless asked.
        SHELTER = "shelter", _("Women's centre or shelter")
        OTHER = "other", _("Other")

    # Kinds whose location is hidden from the public unless "show on the map" says otherwise.
    LOCATION_PRIVATE_KINDS = (Kind.SHELTER,)

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMUNITY)
    description = models.TextField(
        _("description"), blank=True, max_length=5000,
        validators=[refuse_control_characters])
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("shown in the public directory"), default=True
    )
    # Where it works, for the partner map (see location_is_public for who is shown).
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True,
        help_text=_("In decimal degrees, e.g. 45.421530 (north is positive). Leave both "
                    "latitude and longitude empty if it has no public address."),
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        help_text=_("In decimal degrees, e.g. -75.697193 (west is negative)."),
    )
    ward = models.CharField(
        _("ward or neighbourhood"), max_length=100, blank=True,
        help_text=_("The ward or neighbourhood it serves, as people know it in each language "
                    "(Sandy Hill / Côte-de-Sable). Leave empty for a city-wide partner."),
    )
    show_on_map = models.BooleanField(
        _("show on the map"), null=True, blank=True, default=None,
        choices=[
            (None, _("As usual for its kind (hidden for women's centres and shelters)")),
            (True, _("Show its location")),
            (False, _("Do not show its location")),
        ],
        help_text=_("Whether its point and ward are published (map, list by ward, its page). "
                    "Women's centres and shelters are hidden unless set to show; every other "
                    "kind is shown unless set not to. An organisation that asks not to be "
                    "located must be set to “Do not show”."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            *text_within("organisation", {"description": 5000}, translated=("description",)),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="organisation_point_complete_or_empty",
                violation_error_message=_(
                    "Give both the latitude and the longitude, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="organisation_latitude_range",
                violation_error_message=_("The latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="organisation_longitude_range",
                violation_error_message=_("The longitude must be between -180 and 180."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def location_is_public(self) -> bool:
        """Whether its point and ward may be published. The rule: only for an organisation
        of the public directory; then "show on the map" decides when set, and when not set
        the kind does (hidden for LOCATION_PRIVATE_KINDS, shown for the others)."""
        if not self.is_public:
            return False
        if self.show_on_map is None:
            return self.kind not in self.LOCATION_PRIVATE_KINDS
        return self.show_on_map

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def get_absolute_url(self) -> str:
        return slug_url("partners:detail", self.slug)


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        STAFF = "staff", _("Partner staff")
        LEAD = "lead", _("Partner lead")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    # Who gave or changed a role, and when (shown to coordinators on the change log).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def replaced_by(self, invitation: Invitation) -> InvitationQuerySet:
        """The invitations sent after ``invitation`` to the same address and organisation
        (a resend, or a new invitation after it was revoked): they replace it."""
        return self.filter(
            email__iexact=invitation.email, organisation_id=invitation.organisation_id,
            created_at__gt=invitation.created_at,
        )

    def not_replaced(self) -> InvitationQuerySet:
        """Without the revoked invitations a later one to the same address and organisation
        replaces: each resend shows one row, not one more "Revoked" row."""
        newer = self.model.objects.filter(
            email=models.OuterRef("email"), organisation=models.OuterRef("organisation"),
            created_at__gt=models.OuterRef("created_at"),
        )
        return self.filter(models.Q(revoked_at__isnull=True) | ~models.Exists(newer))

    def pending(self) -> InvitationQuerySet:
        from django.utils import timezone

        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(TimeStampedModel):
    """An invitation to join an organisation with a role; the only way into the portal.

    Only a hash of the token is stored: the link in the email is the one copy of the secret.
    """

    email = models.EmailField(_("email address"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.STAFF
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("The invitation email and the new account use this language."),
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Revoked by whoever may invite to the organisation, or replaced by a resent one.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def is_pending(self) -> bool:
        return self.is_usable


class TwoFactorAuthenticator(Authenticator):
    """allauth's authenticator (TOTP app, recovery codes), under a name the admin can
    translate ("Authenticators" was English in the French admin)."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor authenticator")
        verbose_name_plural = _("two-factor authenticators")
