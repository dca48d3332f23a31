"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RUN_DIR = BASE_DIR / ".run"  # local state of the embedded default: SQLite, broker files, media

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The portal's own apps, in dependency order (demo data is loaded in this order too).
PORTAL_APPS = [
    "portal",
    "accounts",
    "policies",
    "incubators",
    "places",
    "mentorship",
    "subsidies",
    "opportunities",
    "events",
    "bookings",
]

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "knox",  # API tokens that expire and can be revoked
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "csp",
    *PORTAL_APPS,
]

MIDDLEWARE = [
    "portal.middleware.RequestBodyLimitMiddleware",  # before anything reads the body
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.audit.AuditRequestMiddleware",  # the client address for audit entries
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.IdleSessionTimeoutMiddleware",  # idle sessions end (staff sooner)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PrivatePagesNoStoreMiddleware",
    "portal.middleware.SessionEndUnavailableMiddleware",  # signing out while Redis is down: 503
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database: DATABASE_URL (PostgreSQL in production and tests), else the embedded SQLite.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # form <select>s: one query, not DECLARE/FETCH/CLOSE
else:
    RUN_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(RUN_DIR / "db.sqlite3"),  # a string, as dj_database_url gives it
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Redis: broker and cache. Without REDIS_URL the embedded default applies (see local.py).
REDIS_URL = env_str("REDIS_URL", "")


def _next_redis_database(url: str) -> str:
    """The same Redis server, the database after REDIS_URL's: the cache may be emptied or evicted
    without touching the broker's queues."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + 1}"))


CACHE_URL = env_str("CACHE_URL", _next_redis_database(REDIS_URL) if REDIS_URL else "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    # portal.redis_cache: Django's backend reusing its Redis client (see the module)
    CACHES = {"default": {"BACKEND": "portal.redis_cache.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": RUN_DIR / "cache"}
    }

# --- Celery (the app is portal.celery.app, configured from these CELERY_* settings).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL or f"file://{RUN_DIR / 'celery-results'}")
if CELERY_BROKER_URL == "filesystem://":
    _broker_folder = RUN_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_folder / "queue"),
        "data_folder_out": str(_broker_folder / "queue"),
        "processed_folder": str(_broker_folder / "processed"),
        "control_folder": str(_broker_folder / "control"),  # the exchange tables (default: the cwd)
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A message taken by a worker that dies unacknowledged goes back to the queue after the
    # visibility timeout; it must outlast the longest task (the hard time limit below). Tests of
    # killed workers lower it, and the restore sweep's period, through the environment.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
        "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
        "socket_connect_timeout": 2,
    }
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged after it ran: a killed worker's task runs again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILENAME", str(RUN_DIR / "celerybeat-schedule"))


def _collect_beat_schedule() -> dict:
    """Each app declares its periodic tasks in `<app>/schedule.py` as BEAT_SCHEDULE."""
    from portal.apps_modules import app_modules

    schedule: dict = {}
    for module in app_modules(PORTAL_APPS, "schedule"):
        schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
    return schedule


CELERY_BEAT_SCHEDULE = _collect_beat_schedule()

# --- Internationalisation: Traditional Chinese first (Hong Kong and Macau users), then
# Simplified Chinese (the language of the source policies) and English.
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [
    ("zh-hant", "繁體中文"),
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
# the portal's catalogue, then what Django REST framework's own lacks (scripts/drf_catalogue.py)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "rest_framework"]
TIME_ZONE = "Asia/Shanghai"  # Shenzhen, Hong Kong and Macau share UTC+8
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hant"
MODELTRANSLATION_LANGUAGES = ("zh-hant", "zh-hans", "en")
# The admin's language tabs (modeltranslation reads JQUERY_UI_URL) use jQuery UI: vendored, no CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("zh-hant", "zh-hans", "en"),
    "zh-hant": ("zh-hans", "en"),
    "zh-hans": ("zh-hant", "en"),
    "en": ("zh-hant", "zh-hans"),
}

# --- Static files (vendored: no CDN) and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(RUN_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(RUN_DIR / "media")))
# Claim documents and other personal files: never under MEDIA_ROOT, served only through
# permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(RUN_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# The largest body a request may have: one 10 MB document and its form (the proxy's limit too).
MAX_REQUEST_BODY = 13 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.BodyLimitUploadHandler",  # stops a body past MAX_REQUEST_BODY as it streams
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Accounts and security.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # failed logins are throttled first
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the app that append to X-Forwarded-For (0: served directly, the header
# is ignored). The audit log, the sign-in throttle and the API's rate limits all read the client's
# address through portal/client_address.py (DRF's NUM_PROXIES applies the same rule).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "portal.client_address.client_address"
# Sessions are read from the cache (Redis; the file cache without it) and written through to the
# database: a signed-in page costs no session query, and a session outlives the cache's eviction.
# portal.sessions: Django's cached_db, still working while Redis is unreachable.
SESSION_ENGINE = "portal.sessions"
# A session ends after SESSION_IDLE_MINUTES unused (staff: SESSION_IDLE_MINUTES_STAFF), and at the
# latest SESSION_COOKIE_AGE after signing in (portal.middleware.IdleSessionTimeoutMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12) * 3600
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
SESSION_IDLE_MINUTES_STAFF = env_int("SESSION_IDLE_MINUTES_STAFF", 30)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# SecurityMiddleware sends Cross-Origin-Opener-Policy (a window opened from elsewhere cannot reach
# ours); the portal's own middleware sends Permissions-Policy, which Django 5.2 has no setting for:
# no page uses the camera, microphone, location, payment or USB, so no page, and no frame, may.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# API tokens (django-rest-knox): "Authorization: Token <key>", stored hashed, expiring after
# API_TOKEN_HOURS; an account keeps its 10 newest (accounts/api/views.py).
REST_KNOX = {"TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_HOURS", 10)), "AUTO_REFRESH": False}

# --- Email: the console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "GBA Youth Portal <no-reply@gba-youth.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    # Applied to every API view: anonymous clients by address (portal/client_address.py's rule,
    # NUM_PROXIES below), signed-in ones by account. A client over its rate gets a 429.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["portal.api.RefuseUnsafeQuery", "django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute", "user": "1200/minute"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # NUL and lone surrogates refused with a 400, an oversized body with a 413 (portal/api.py)
    "DEFAULT_PARSER_CLASSES": ["portal.api.JSONParser", "portal.api.FormParser", "portal.api.MultiPartParser"],
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GBA Youth Portal API",
    "DESCRIPTION": "Policy guides, incubator bases, the GBA Workplace Mentor Programme and subsidy claims.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"; name each enum after its model in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PolicyStatusEnum": "policies.models.Policy.Status",
        "MentorStatusEnum": "mentorship.models.Mentor.Status",
        "EmploymentStatusEnum": "mentorship.models.Mentee.Status",
        "CheckerEducationEnum": "policies.models.Education",
        "ClaimEducationLevelEnum": "subsidies.models.EducationLevel",
        "OpportunityEducationEnum": "opportunities.models.Education",
        "VacancyKindEnum": "opportunities.models.VacancyKind",
        "VacancyStateEnum": "opportunities.models.VacancyState",
        "ApplicationStateEnum": "opportunities.models.ApplicationState",
        "RegistrationStateEnum": "events.models.RegistrationState",
        "BookingStateEnum": "bookings.models.BookingState",
        "ClaimStateEnum": "subsidies.models.ClaimState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

PORTAL_NAME = _("GBA Youth Portal")
# The demo data's history (Huizhou's 148 past batches: 11,193 attendances by 4,230 people, from
# the seeds). The test settings leave it out of every demo world but the tests of those figures.
PORTAL_DEMO_HISTORY = True
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Where people write about the portal itself, and about a barrier to using it (the help pages).
PORTAL_SUPPORT_EMAIL = env_str("PORTAL_SUPPORT_EMAIL", "support@gba-youth.example")
PORTAL_ACCESSIBILITY_EMAIL = env_str("PORTAL_ACCESSIBILITY_EMAIL", "accessibility@gba-youth.example")
FORM_RENDERER = "portal.forms.GovukFormRenderer"

# The places map's tile server (a Leaflet URL template). Empty: no tiles, the map shows the
# markers on a blank ground and the list works as ever (the test machines have no internet).
# The map's pages alone add its origin to img-src (places/views.py).
PLACES_TILE_URL = env_str("PLACES_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PLACES_TILE_ATTRIBUTION = env_str("PLACES_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


# Content Security Policy: everything is vendored and no page has inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
FORMAT_MODULE_PATH = ["portal.formats"]
