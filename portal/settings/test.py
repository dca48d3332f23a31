"""Settings for `make test`: PostgreSQL and Redis from the environment (started by the Makefile).

Tasks run eagerly unless a test starts a real worker (tests/conftest.py: `celery_worker_thread`).
"""

import os

# `make test` runs the suite on several pytest-xdist workers at once (gw0, gw1, ...). pytest-django
# gives each its own test database; Redis is divided here, before the base settings read it: each
# worker's broker, results and cache live in Redis databases of its own, so that one worker's
# real Celery worker never takes another's tasks and one worker's `cache.clear()` never empties
# another's cache. Databases 0-15 stay for a run without xdist and for the tests that name their
# own (the soak's smoke test, the restart test's gunicorn).
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw") and os.environ.get("REDIS_PORT"):
    _first = 16 + 4 * int(_XDIST_WORKER[2:])
    _server = f"redis://127.0.0.1:{os.environ['REDIS_PORT']}"
    os.environ.update(
        REDIS_URL=f"{_server}/{_first}",
        CELERY_BROKER_URL=f"{_server}/{_first + 1}",
        CELERY_RESULT_BACKEND=f"{_server}/{_first + 2}",
        CACHE_URL=f"{_server}/{_first + 3}",
    )

from .base import *  # noqa: E402, F403
from .base import RUN_DIR  # noqa: E402

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 5
# 15,000 generated rows (10 s of every demo world): only tests/events/test_demo.py asks for them
PORTAL_DEMO_HISTORY = False
MEDIA_ROOT = RUN_DIR / "test-media" / str(os.getpid())
PRIVATE_MEDIA_ROOT = RUN_DIR / "test-private" / str(os.getpid())

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
