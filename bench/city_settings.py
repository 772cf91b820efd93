"""Settings of the city-scale benchmarks (dashboard, reports): the product's, with DEBUG off
as in production, except that static files use the plain storage: the benchmarks never serve
them, so no ``collectstatic`` (and its manifest) is needed."""

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise looks for collected files here; the source folder stands in (nothing is served).
STATIC_ROOT = BASE_DIR / "static"  # noqa: F405
