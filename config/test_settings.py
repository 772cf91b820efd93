"""Settings for the test suite: the production settings with a throwaway secret.

Services follow the environment exactly as in production: DATABASE_URL and REDIS_URL
switch the suite to PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The partner map draws its markers on a blank map: no tiles fetched from the web.
os.environ["MAP_TILE_URL"] = ""

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tasks run in the test process unless a test asks for the real worker.
CELERY_TASK_ALWAYS_EAGER = True
# ...and a report compiles right where it is requested, so a test sees it finished.
REPORTS_IN_BACKGROUND = False
# Compiled report files go to a throwaway folder, never into the checkout.
import tempfile  # noqa: E402

MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="portal-test-media-")
