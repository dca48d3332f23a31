"""Settings for `make test`: PostgreSQL and Redis from the environment (started by the Makefile).

Tasks run eagerly unless a test starts a real worker (tests/conftest.py: `celery_worker_thread`).
"""

import os

from .base import *  # noqa: F403
from .base import RUN_DIR

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 5
MEDIA_ROOT = RUN_DIR / "test-media" / str(os.getpid())
PRIVATE_MEDIA_ROOT = RUN_DIR / "test-private" / str(os.getpid())

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
