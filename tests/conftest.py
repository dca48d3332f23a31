"""Shared fixtures: users by role, a real Celery worker, and Debian's Chromium for Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _restore_launch_rates(sender, using, **kwargs):
    """A transactional test's teardown flushes every table, the rows the data migrations wrote
    included, and Django then sends post_migrate (as it does to put back content types and
    permissions): put back the mentor programme's launch rates as its migration 0002 writes
    them, for the tests that follow. The selectors only read them (mentorship.selectors)."""
    if getattr(sender, "label", None) != "mentorship":
        return
    import importlib

    from django.apps import apps

    rates = importlib.import_module("mentorship.migrations.0002_default_rates")
    rates.create_launch_rates((kwargs.get("apps") or apps).get_model("mentorship", "RateSchedule"), using)


def _restore_role_groups(sender, using, **kwargs):
    """The same for the roles' groups, which the accounts migrations create."""
    if getattr(sender, "label", None) != "accounts":
        return
    from django.contrib.auth.models import Group

    from accounts.roles import ALL_ROLES

    for role in ALL_ROLES:
        Group.objects.using(using).get_or_create(name=role)


def _connect_restorers():
    from django.db.models.signals import post_migrate

    post_migrate.connect(_restore_launch_rates, dispatch_uid="tests.restore_launch_rates")
    post_migrate.connect(_restore_role_groups, dispatch_uid="tests.restore_role_groups")


_connect_restorers()


@pytest.fixture(autouse=True)
def empty_cache():
    """Pages and statistics are cached in Redis (a database of its own, not the broker's), which
    outlives each test's rolled-back database: every test starts without values kept by an
    earlier one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def selectors_never_write(request):
    """Every test runs under the guard of tests/architecture/guards.py: an INSERT, UPDATE or DELETE
    made while a selector is on the call stack fails it (on the test's own connection)."""
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        yield
        return
    from django.db import connection

    from tests.architecture.guards import no_selector_writes

    with connection.execute_wrapper(no_selector_writes):
        yield


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code run outside a request (services, tasks, forms built in a test) speaks English unless a
    test says otherwise. Without this, the language was whatever the thread's last request had
    activated (LocaleMiddleware never deactivates it), so a file run alone saw zh-hant, the
    default, where the whole suite saw an earlier file's English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def redis_down(monkeypatch):
    """The versioned caches (portal/versioned_cache.py) find Redis unreachable from now on."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from portal import versioned_cache

    class UnreachableRedis:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise RedisConnectionError("Redis is down")

            return fail

    monkeypatch.setattr(versioned_cache, "cache", UnreachableRedis())


@pytest.fixture
def make_user(db):
    """make_user("youth") -> a user with that role (None: no role). Emails are unique per call.
    A youth has a full profile by default (born 1 January 2000, a Hong Kong resident, a student),
    so events' "who may join" lets them in unless a test says otherwise."""
    import datetime

    from accounts.models import User
    from accounts.roles import YOUTH, role_group

    counter = {"n": 0}

    def make(role: str | None = "youth", *, email: str | None = None, password: str = "correct-horse-42", **extra):
        counter["n"] += 1
        email = email or f"{role or 'user'}{counter['n']}@test.gba-youth.example"
        if role == YOUTH:
            extra.setdefault("date_of_birth", datetime.date(2000, 1, 1))
            extra.setdefault("residence", "hk")
            extra.setdefault("study_status", "student")
        user = User.objects.create_user(email=email, password=password, **extra)
        if role:
            user.groups.add(role_group(role))
        return user

    return make


@pytest.fixture
def celery_worker_thread(transactional_db, settings):
    """A real Celery worker in a thread, consuming from the test Redis (not eager)."""
    from celery.contrib.testing.worker import start_worker

    import tests.probe_tasks  # noqa: F401 - the tests' probe tasks, registered before the worker starts
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def serious_a11y_violations():
    """serious_a11y_violations(page) -> the serious or critical axe-core violations on the page
    (axe-core is bundled in the axe-playwright-python wheel: no download)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> list[str]:
        results = axe.run(page)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]

    return check


@pytest.fixture
def csp_violations(page) -> list[str]:
    """Console messages about Content Security Policy violations on `page` (should stay empty)."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found
