"""Settings the benchmark serves the portal with: production's, over plain http on loopback.

Everything else is production's own (DEBUG off, the same middleware, templates, cache in Redis,
persistent database connections), so the figures are those of a deployed portal minus TLS.
"""

import os
from pathlib import Path

# Production refuses to start without these; the benchmark's values are local and throw-away.
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("STATIC_ROOT", str(Path(__file__).resolve().parent.parent / ".run" / "bench-static"))

from portal.settings.production import *  # noqa: E402, F403

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.urls"
# Production's CompressedManifestStaticFilesStorage cannot collect the vendored files today
# (chart.umd.min.js names a missing .map, govuk.min.css a missing govuk-crest.svg: ValueError in
# collectstatic, see FINDINGS.md). Pages are what is measured, not static files: plain storage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# wrk hammers from one address: the API throttles would turn the measurement into 429s.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
