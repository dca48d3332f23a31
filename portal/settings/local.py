"""The embedded default of `make run`: SQLite, a file-system broker, a real worker with beat.

Nothing here needs a server: the Celery worker (with its beat scheduler) started by `make run`
takes tasks from files under .run/broker, so reminders and cap computations really run.
"""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
