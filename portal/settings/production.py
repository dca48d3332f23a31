"""Production: every secret from the environment, no default; HTTPS everywhere."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASE_URL, REDIS_URL, SECRET_KEY
from .env import env_bool, env_int, env_str

if not DATABASE_URL:
    raise RuntimeError("DATABASE_URL must be set in production (PostgreSQL)")
if not REDIS_URL:
    raise RuntimeError("REDIS_URL must be set in production (broker and cache)")
if SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 50:
    raise RuntimeError("SECRET_KEY must be set in production to a random value of 50+ characters")

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
STATIC_ROOT = Path(env_str("STATIC_ROOT", "/app/staticfiles"))
