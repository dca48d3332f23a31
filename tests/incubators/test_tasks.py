"""The reminder task on a real Celery worker: operators once, staff a week later, never twice."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Notification
from accounts.roles import BASE_OPERATOR
from incubators import services
from incubators.tasks import send_report_reminders

from .factories import BaseFactory, figures


def test_the_task_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["incubators-report-reminders"]
    assert entry["task"] == send_report_reminders.name


@pytest.mark.worker
def test_reminders_through_a_real_worker_are_sent_once(celery_worker_thread, make_user, mailoutbox, settings):
    settings.INCUBATORS_REPORT_DUE_DAY = 10
    operator = make_user(BASE_OPERATOR, preferred_language="en")
    staff = make_user("reviewer", preferred_language="zh-hans")
    late = BaseFactory(operators=[operator], name_en="Late base")
    punctual_operator = make_user(BASE_OPERATOR)
    punctual = BaseFactory(operators=[punctual_operator])
    for base, user in ((late, operator), (punctual, punctual_operator)):
        services.report_save(
            base=base,
            period=date(2023, 5, 1),
            figures=figures(),
            expected_version=None,
            acting_user=user,
            today=date(2023, 6, 1),
        )
    services.report_save(
        base=punctual,
        period=date(2023, 6, 1),
        figures=figures(),
        expected_version=None,
        acting_user=punctual_operator,
        today=date(2023, 7, 1),
    )

    assert send_report_reminders.delay("2023-07-10").get(timeout=30) == 0  # not yet late
    assert send_report_reminders.delay("2023-07-11").get(timeout=30) == 1
    assert send_report_reminders.delay("2023-07-11").get(timeout=30) == 0  # run twice: nothing new
    reminder = Notification.objects.get(recipient=operator)
    assert reminder.key == f"incubators:report-due:{late.pk}:2023-06"
    assert "Late base" in reminder.body and "2023-06" in reminder.subject
    assert not Notification.objects.filter(recipient=punctual_operator).exists()
    assert not Notification.objects.filter(recipient=staff).exists()

    assert send_report_reminders.delay("2023-07-18").get(timeout=30) == 1  # a week later: staff
    assert send_report_reminders.delay("2023-07-18").get(timeout=30) == 0
    assert Notification.objects.filter(recipient=staff, key=f"incubators:report-overdue:{late.pk}:2023-06").count() == 1
    assert Notification.objects.filter(recipient=operator).count() == 1
