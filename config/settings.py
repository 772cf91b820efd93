"""Settings for the community safety portal.

Everything comes from the environment, with embedded defaults that suit development
(SQLite, local-memory cache, Celery tasks run in-process). Production refuses to start
without a SECRET_KEY: see the "Security" section.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Security -------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
# With DEBUG on, a developer who wants Django's technical error pages (the traceback, the
# addresses tried) sets DEBUG_PAGES=1; otherwise the site's own pages show, as in production.
DEBUG_PAGES = env_bool("DEBUG_PAGES", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind a TLS-terminating proxy in production; off in development so runserver works.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def tile_origin(url: str) -> str:
    """The origin the partner map's tiles come from ("" without tiles), for img-src; a
    ``{s}`` subdomain placeholder becomes a wildcard."""
    if not url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) address, not {url!r}.")
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


# The partner map's tile server (Leaflet URL template) and its attribution (HTML). Empty:
# no tiles, the markers on a blank map, nothing fetched from another site (the tests).
# The tile server sees each visitor's address: use your own, or none, if that matters.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_TILE_ORIGIN = tile_origin(MAP_TILE_URL)
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # The map's tiles, only when a tile server is set.
    "img-src 'self' data:" + (f" {MAP_TILE_ORIGIN}" if MAP_TILE_ORIGIN else ""),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# /healthz is probed over plain HTTP by the orchestrator from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    # The ground floor first, then the domain apps, then the features and the site.
    "portal.core",
    "partners",
    "priorities",
    "initiatives",
    "portal.reports",
    "portal.dashboard",
    "portal.mailing",
    "portal.opendata",
    "portal",
    "portal.api",
]

# Order matters: WhiteNoise right after SecurityMiddleware so static files skip the rest;
# LocaleMiddleware after sessions and before CommonMiddleware so i18n_patterns resolve
# /fr/ and /en/ before APPEND_SLASH redirects.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # On every response, cached pages and static files included (portal/security.py).
    "portal.security.ContentSecurityPolicyMiddleware",
    # CORS for the public API (/api/ only), before anything that may answer on its own.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Under DEBUG only: the site's error pages, not Django's technical ones, unless
    # DEBUG_PAGES=1 (portal/errors.py).
    "portal.errors.SiteErrorPagesMiddleware",
    # Public pages for anonymous visitors, from the cache (portal/core/pagecache.py): before
    # sessions and authentication, which a cached page does not need.
    "portal.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication and allauth: coordinators and administrators without TOTP are
    # sent to the set-up page whatever they ask for.
    # Idle sessions end (30 minutes for coordinators and administrators, 4 hours for
    # partners), and so do those begun before their owner signed out everywhere.
    "partners.middleware.SessionLifetimeMiddleware",
    "partners.middleware.RequireMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.language_toggle",
                "portal.context_processors.roles",
            ],
        },
    }
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database of `make run`, used by a small team at once: readers never wait
    # for the writer (WAL), a transaction takes the write lock when it begins rather than
    # half-way (IMMEDIATE, so no "database is locked" in the middle of a save), and a
    # writer waits up to 20 s for its turn instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partners.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, answering as a miss (with a logged warning) while Redis
            # is unreachable: pages and sign-in keep working without it (portal/core/cache.py).
            "BACKEND": "portal.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "TIMEOUT": 600,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }

# Rendered public pages for anonymous visitors are kept in the cache until something they
# show changes (portal/core/pagecache.py). PUBLIC_PAGE_CACHE=0 turns it off.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
# Each web process also keeps its own copies of the pages it serves, up to this many bytes,
# so serving one again needs at most the public version from Redis (0: none).
PUBLIC_PAGE_LOCAL_BYTES = int(os.environ.get("PUBLIC_PAGE_LOCAL_BYTES", 16 * 1024 * 1024))
# A web process reads the public version from Redis at most once per lease (seconds), and
# whoever changes public content waits as long before answering, so the change still shows
# on the very next request wherever it is served (portal/core/pagecache.py).
PUBLIC_VERSION_LEASE_SECONDS = float(os.environ.get("PUBLIC_VERSION_LEASE_SECONDS", "0.02"))

# --- Celery ---------------------------------------------------------------------------------
# With REDIS_URL, tasks go to the broker and a worker runs them. Without it, tasks run
# in-process at the moment they are enqueued: the embedded default of `make run`.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "America/Toronto"
# Fail fast when the broker is down: a request that enqueues must not hang on retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3, "socket_timeout": 5,
    # Connecting to send a task: two quick tries, not kombu's default of several seconds
    # of retries (the worker's own reconnection follows broker_connection_* instead).
    "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2,
    # A job taken by a worker that dies unacknowledged (acks_late) is delivered again after
    # this: above the longest task (300 s hard limit), so a slow job is never run twice at
    # once; the sweeps requeue a dead worker's job sooner, from its heartbeat.
    "visibility_timeout": 900,
}
# ...and the result backend (same Redis) too: by default it retries a lost connection 20
# times a second apart, which held an approval for 19 s while Redis was down.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                     "interval_max": 0.2},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Sending a task from a request (portal/core/queue.py): a broker that hangs costs this once, then
# the request does what it does when the broker is down, for BROKER_RETRY_AFTER_SECONDS.
BROKER_PUBLISH_TIMEOUT_SECONDS = float(os.environ.get("BROKER_PUBLISH_TIMEOUT_SECONDS", "0.5"))
BROKER_RETRY_AFTER_SECONDS = float(os.environ.get("BROKER_RETRY_AFTER_SECONDS", "5"))
CELERY_BEAT_SCHEDULE = {
    "refresh-key-figures": {
        "task": "portal.tasks.refresh_key_figures",
        "schedule": 15 * 60,
    },
    "send-pending-emails": {
        "task": "portal.tasks.send_pending_emails",
        "schedule": 60,
    },
    "sweep-stale-reports": {
        "task": "portal.reports.tasks.sweep_stale_reports",
        "schedule": 60,
    },
    "sweep-stale-imports": {
        "task": "initiatives.tasks.sweep_stale_imports",
        "schedule": 60,
    },
    "purge-expired-imports": {
        "task": "initiatives.tasks.purge_expired_imports",
        "schedule": 15 * 60,
    },
    "send-update-reminders": {
        "task": "portal.reports.tasks.send_update_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "purge-unconfirmed-signups": {
        "task": "portal.mailing.tasks.purge_unconfirmed_signups",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Long jobs (reports, imports) write a heartbeat every JOB_HEARTBEAT_SECONDS from a thread
# of their own (portal/core/heartbeat.py); their page says the worker stopped once it is
# JOB_HEARTBEAT_LATE_SECONDS old.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "15"))
JOB_HEARTBEAT_LATE_SECONDS = float(os.environ.get("JOB_HEARTBEAT_LATE_SECONDS", "60"))
# Compiled reports: a running report without a heartbeat for this long lost its worker; it
# is requeued by the sweep (every minute), at most this many compilations in all, then
# failed visibly.
REPORT_HEARTBEAT_STALE_SECONDS = int(os.environ.get("REPORT_HEARTBEAT_STALE_SECONDS", "120"))
REPORT_QUEUED_STALE_SECONDS = int(os.environ.get("REPORT_QUEUED_STALE_SECONDS", "900"))
REPORT_MAX_ATTEMPTS = int(os.environ.get("REPORT_MAX_ATTEMPTS", "2"))
# Imports checked or written by a worker: the same rules (initiatives/imports/services.py).
IMPORT_HEARTBEAT_STALE_SECONDS = int(os.environ.get("IMPORT_HEARTBEAT_STALE_SECONDS", "120"))
IMPORT_QUEUED_STALE_SECONDS = int(os.environ.get("IMPORT_QUEUED_STALE_SECONDS", "300"))
IMPORT_MAX_ATTEMPTS = int(os.environ.get("IMPORT_MAX_ATTEMPTS", "2"))
# Without a broker, a report compiles in a background thread of the web process (make run).
REPORTS_IN_BACKGROUND = env_bool("REPORTS_IN_BACKGROUND", CELERY_TASK_ALWAYS_EAGER)
# Leads are reminded of an update this many days before it is due, and again once overdue.
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "7"))

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The adapter sends each person to their workspace in their preferred language.
LOGIN_REDIRECT_URL = "workspace:home"
# After signing out, the home page in the language of the page they were on.
LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "partners.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "partners.forms.LoginForm"}
# No "[host] " before the subjects of allauth's emails (the password reset's): the subject
# says what the email is, in the person's language (templates/account/email/).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Behind N reverse proxies, the visitor's address is the N-th from the right in
# X-Forwarded-For; without it every visitor would share the proxy's address and one
# visitor's failed sign-ins would lock out everyone (see docker-compose.yml).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Failed sign-ins: allauth limits them per network address; per email address, the pause of
# partners/throttle.py (from unknown devices only, the owner told by email) replaces
# allauth's limit per address, which refused even the owner's right password.
SIGN_IN_PAUSE_AFTER = int(os.environ.get("SIGN_IN_PAUSE_AFTER", "5"))
SIGN_IN_PAUSE_SECONDS = int(os.environ.get("SIGN_IN_PAUSE_SECONDS", "900"))
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Safety partnership portal"
# Links in emails (invitations, review notifications) are built on this address.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# --- Open data (portal/opendata/) -----------------------------------------------------------
# The open licence stated on the open-data page, in the files' catalogue metadata and in the
# DCAT catalogue: by default the City of Ottawa's Open Data Licence version 2.0 (the Open
# Government Licence – Canada 2.0, adapted by the City).
OPEN_DATA_LICENCE = {
    "name": {
        "fr": "Licence du gouvernement ouvert – Ville d’Ottawa (version 2.0)",
        "en": "Open Government Licence – City of Ottawa (version 2.0)",
    },
    "url": {
        "fr": os.environ.get(
            "OPEN_DATA_LICENCE_URL_FR",
            "https://ottawa.ca/fr/hotel-de-ville/administration-ouverte-et-transparente-et-qui-"
            "rend-compte-de-ses-actes/donnees-ouvertes"),
        "en": os.environ.get(
            "OPEN_DATA_LICENCE_URL_EN",
            "https://ottawa.ca/en/city-hall/open-transparent-and-accountable-government/"
            "open-data"),
    },
}

# --- Public API (portal/api/) ---------------------------------------------------------------
# Read-only, anonymous, JSON only; every client is throttled by address (API_RATE, Django
# REST framework's "N/second|minute|hour|day"), counted in the default cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.ClientRateThrottle"],
    # Each partner token has its own limit too, whatever its address (portal/api/throttling.py).
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_RATE", "120/minute"),
                               "token": os.environ.get("API_TOKEN_RATE", "1000/hour")},
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Community safety portal API",
    "DESCRIPTION": (
        "Public, read-only figures and directory of the community safety partnership: "
        "the same content and the same publication rules as the public pages. See "
        "portal/api/README.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}
# Any site may read the API from a browser (GET only, no credentials).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Content-Language"]
INVITATION_TTL_DAYS = int(os.environ.get("INVITATION_TTL_DAYS", "7"))

# --- Mailing list (portal/mailing/) ---------------------------------------------------------
# A confirmation link works this many days; a sign-up never confirmed is deleted after
# MAILING_UNCONFIRMED_DAYS (beat task). Sign-up attempts per visitor's IP address per hour
# and per email address per day (0 turns a limit off); over them, a 429 page.
MAILING_CONFIRMATION_DAYS = int(os.environ.get("MAILING_CONFIRMATION_DAYS", "7"))
MAILING_UNCONFIRMED_DAYS = int(os.environ.get("MAILING_UNCONFIRMED_DAYS", "30"))
MAILING_SIGNUPS_PER_IP_PER_HOUR = int(os.environ.get("MAILING_SIGNUPS_PER_IP_PER_HOUR", "10"))
MAILING_SIGNUPS_PER_ADDRESS_PER_DAY = int(
    os.environ.get("MAILING_SIGNUPS_PER_ADDRESS_PER_DAY", "3"))
# Who sends the list (named in the consent wording and in every message, as CASL asks).
MAILING_SENDER_NAME = {
    "fr": os.environ.get("MAILING_SENDER_NAME_FR", "Prévention du crime Ottawa"),
    "en": os.environ.get("MAILING_SENDER_NAME_EN", "Crime Prevention Ottawa"),
}
MAILING_SENDER_ADDRESS = {
    "fr": os.environ.get("MAILING_SENDER_ADDRESS_FR",
                         "110, avenue Laurier Ouest, Ottawa (Ontario) K1P 1J1"),
    "en": os.environ.get("MAILING_SENDER_ADDRESS_EN",
                         "110 Laurier Avenue West, Ottawa, Ontario K1P 1J1"),
}
MAILING_CONTACT_EMAIL = os.environ.get(
    "MAILING_CONTACT_EMAIL", os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost"))

SESSION_IDLE_TIMEOUT_PRIVILEGED = 60 * int(
    os.environ.get("SESSION_IDLE_MINUTES_COORDINATOR", "30"))
SESSION_IDLE_TIMEOUT_PARTNER = 60 * int(os.environ.get("SESSION_IDLE_MINUTES_PARTNER", "240"))

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Canadian date formats for both languages (ISO short dates; see config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True
TIME_ZONE = "America/Toronto"

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr", "en"), "fr": ("en",), "en": ("fr",)}
# The admin's translation tabs need jQuery UI; serve our copy, never a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (favicon.ico), served by WhiteNoise from here.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that hangs must not hold a worker (or a request) for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The admin's exports strip a leading "=" too (the resources neutralise every formula
# start, see initiatives/resources.py).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- Portal ---------------------------------------------------------------------------------
# A count below this threshold is never shown on a public page ("fewer than 5").
SUPPRESSION_THRESHOLD = int(os.environ.get("SUPPRESSION_THRESHOLD", "5"))
# Every other public count is rounded to this base (portal/core/figures.py), so that figures
# published before and after a change cannot be subtracted to reveal a small count.
PUBLIC_ROUNDING_BASE = int(os.environ.get("PUBLIC_ROUNDING_BASE", "5"))
# Plausibility bounds, checked by the services whatever the entry point (form, import,
# admin): an activity with more participants, or an entered count above the maximum, is
# refused as a typing error rather than saved.
ACTIVITY_MAX_PARTICIPANTS = int(os.environ.get("ACTIVITY_MAX_PARTICIPANTS", "10000"))
INDICATOR_MAX_COUNT = int(os.environ.get("INDICATOR_MAX_COUNT", "1000000"))

# Spreadsheet imports of activities (initiatives.imports): the largest file and the most
# rows accepted, the most bytes an XLSX/ODS archive may expand to (a "zip bomb" is refused
# unread), how long an uploaded file waits for its confirmation, and from how many rows
# the check and the write run as a Celery task with their progress shown.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024))
)
IMPORT_TOKEN_MINUTES = int(os.environ.get("IMPORT_TOKEN_MINUTES", "60"))
IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", "2000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Invitation tokens and password-reset keys in logged URLs are redacted.
    "filters": {"redact_secrets": {"()": "portal.core.redaction.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
