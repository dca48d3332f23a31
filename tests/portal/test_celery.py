"""A real Celery worker on the test Redis runs tasks end to end."""

from __future__ import annotations

import pytest

from portal.health import check_worker
from tests.probe_tasks import add  # registered before the worker starts


@pytest.mark.worker
def test_real_worker_runs_a_task(celery_worker_thread):
    result = add.delay(2, 3)
    assert result.get(timeout=20) == 5


@pytest.mark.worker
def test_healthz_sees_the_worker(celery_worker_thread, client):
    ok, detail = check_worker()
    assert ok, detail
    assert client.get("/healthz").json()["worker"]["ok"] is True


@pytest.mark.worker
def test_notification_email_sent_once_by_the_worker(celery_worker_thread, make_user, mailoutbox):
    from accounts.services import notify
    from accounts.tasks import email_notification

    user = make_user("youth", preferred_language="en")
    notification = notify(recipient=user, key="test:once", subject="Hello", body="Body")
    assert notification is not None
    email_notification.delay(notification.pk).get(timeout=20)  # a second delivery
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
