"""Writes through the services: who may, optimistic locking, corrections, flags, photos, reminders."""

from __future__ import annotations

import io
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from accounts.models import Notification
from accounts.roles import BASE_OPERATOR
from incubators import services
from incubators.models import AnomalyFlag, CorrectionStatus, FlagStatus, ProjectCountReport
from portal.errors import Conflict, InvalidInput, NotAllowed, WrongState

from .factories import JUNE, BaseFactory, save

pytestmark = pytest.mark.django_db
MAY = date(2023, 5, 1)


@pytest.fixture
def operator(make_user):
    return make_user(BASE_OPERATOR)


@pytest.fixture
def base(operator):
    return BaseFactory(operators=[operator])


def test_operator_files_a_report(base, operator):
    report = save(base, operator)
    assert report.version == 1
    assert report.submitted_by == operator
    assert report.history.count() == 1
    assert report.history.first().history_user == operator


@pytest.mark.parametrize("role", [None, "youth", "mentor", "reviewer", "approver"])
def test_only_the_bases_operators_may_file(base, make_user, role):
    with pytest.raises(NotAllowed):
        save(base, make_user(role))
    assert ProjectCountReport.objects.count() == 0


def test_operator_of_another_base_may_not_file(base, make_user):
    other = make_user(BASE_OPERATOR)
    BaseFactory(operators=[other])
    with pytest.raises(NotAllowed):
        save(base, other)
    assert ProjectCountReport.objects.count() == 0


def test_operator_who_lost_the_role_may_not_file(base, operator):
    operator.groups.clear()
    operator.__dict__.pop("_portal_role_names", None)
    with pytest.raises(NotAllowed):
        save(base, operator)


def test_invalid_report_is_refused_with_per_field_messages(base, operator):
    with pytest.raises(InvalidInput) as caught:
        save(base, operator, incubated_hkmo=21)
    assert list(caught.value.errors) == ["incubated_hkmo"]
    assert ProjectCountReport.objects.count() == 0


def test_future_period_is_refused(base, operator):
    with pytest.raises(InvalidInput) as caught:
        save(base, operator, period=date(2023, 8, 1))
    assert "period" in caught.value.errors


def test_a_change_needs_the_current_version(base, operator):
    report = save(base, operator)
    changed = save(base, operator, version=report.version, members=110)
    assert changed.version == 2
    assert changed.members == 110
    assert changed.history.count() == 2


def test_two_saves_from_the_same_version_one_wins_the_other_is_told(base, operator):
    report = save(base, operator)
    first = save(base, operator, version=report.version, members=111)
    with pytest.raises(Conflict) as caught:
        save(base, operator, version=report.version, members=122)
    assert "changed by someone else" in str(caught.value.message)
    assert caught.value.extra == {"current_version": 2}
    stored = ProjectCountReport.objects.get(pk=report.pk)
    assert stored.members == 111 == first.members
    assert stored.version == 2


def test_the_same_form_sent_twice_is_saved_once(base, operator):
    first = save(base, operator)
    again = save(base, operator)  # a double click on "save" of the new-report form
    assert again.pk == first.pk and again.version == 1
    changed = save(base, operator, version=1, members=120)
    assert save(base, operator, version=1, members=120).version == changed.version == 2
    assert ProjectCountReport.objects.get().history.count() == 2


def test_two_new_report_forms_second_is_told(base, operator):
    save(base, operator)
    with pytest.raises(Conflict):
        save(base, operator, members=150)
    assert ProjectCountReport.objects.get().members == 100


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_in_two_connections_never_lose_an_edit(make_user):
    operator = make_user(BASE_OPERATOR)
    base = BaseFactory(operators=[operator])
    report = save(base, operator)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(members: int) -> None:
        try:
            barrier.wait(timeout=10)
            save(base, operator, version=report.version, members=members)
            outcomes.append(f"saved {members}")
        except Conflict:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(m,)) for m in (130, 140)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split()[0] for o in outcomes) == ["saved", "stale"]
    winner = int(next(o for o in outcomes if o.startswith("saved")).split()[1])
    stored = ProjectCountReport.objects.get(pk=report.pk)
    assert stored.members == winner
    assert stored.version == 2


def test_falling_count_to_date_needs_a_reason_then_waits_for_staff(base, operator, make_user):
    save(base, operator, period=MAY)
    with pytest.raises(InvalidInput) as caught:
        save(base, operator, incubated_total=19)
    assert {"incubated_total", "correction_reason"} <= set(caught.value.errors)

    report = save(base, operator, incubated_total=19, reason="A project counted twice in May")
    assert report.correction_status == CorrectionStatus.PENDING
    assert report.correction_reason == "A project counted twice in May"

    with pytest.raises(NotAllowed):
        services.report_correction_review(report_id=report.pk, accept=True, acting_user=operator)
    reviewer = make_user("reviewer")
    reviewed = services.report_correction_review(report_id=report.pk, accept=True, note="OK", acting_user=reviewer)
    assert reviewed.correction_status == CorrectionStatus.ACCEPTED
    assert reviewed.correction_reviewed_by == reviewer
    with pytest.raises(WrongState):
        services.report_correction_review(report_id=report.pk, accept=False, acting_user=reviewer)


def test_rejected_correction_tells_the_operators(base, operator, make_user, django_capture_on_commit_callbacks):
    save(base, operator, period=MAY)
    report = save(base, operator, incubated_total=19, reason="typo")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_correction_review(
            report_id=report.pk, accept=False, note="No", acting_user=make_user("approver")
        )
    assert (
        Notification.objects.filter(recipient=operator, key__startswith="incubators:correction-rejected").count() == 1
    )


def test_anomalies_are_saved_with_the_report_and_resolved_by_staff(
    base, operator, make_user, django_capture_on_commit_callbacks
):
    save(base, operator, period=MAY)
    report = save(base, operator, members=200, financing_rmb=Decimal("10"))
    flags = {(f.kind, f.field) for f in report.flags.all()}
    assert ("jump", "members") in flags
    assert ("financing_fall", "financing_rmb") in flags

    flag = report.flags.get(kind="jump")
    with pytest.raises(NotAllowed):
        services.flag_resolve(flag_id=flag.pk, status=FlagStatus.CONFIRMED, acting_user=operator)
    reviewer = make_user("reviewer")
    with pytest.raises(InvalidInput) as caught:
        services.flag_resolve(flag_id=flag.pk, status=FlagStatus.QUERIED, note="", acting_user=reviewer)
    assert list(caught.value.errors) == ["note"]
    with pytest.raises(InvalidInput):
        services.flag_resolve(flag_id=flag.pk, status=FlagStatus.OPEN, acting_user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_resolve(flag_id=flag.pk, status=FlagStatus.QUERIED, note="Check members", acting_user=reviewer)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.QUERIED and flag.resolved_by == reviewer
    assert Notification.objects.filter(recipient=operator, key=f"incubators:flag-queried:{flag.pk}").exists()

    # a later change replaces the open flags and keeps the resolved one
    save(base, operator, version=report.version)
    assert AnomalyFlag.objects.filter(pk=flag.pk, status=FlagStatus.QUERIED).exists()
    assert not AnomalyFlag.objects.filter(report=report, status=FlagStatus.OPEN).exists()


# --- photos ------------------------------------------------------------------------------


def image_bytes(size=(2400, 1200), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def test_photo_is_resized_and_reencoded(base, operator):
    upload = SimpleUploadedFile("front.png", image_bytes(), content_type="image/png")
    photo = services.base_photo_add(base=base, upload=upload, caption="Front", acting_user=operator)
    assert max(photo.width, photo.height) == 1600
    assert photo.image.name.endswith(".jpg")


def test_non_image_is_refused(base, operator):
    upload = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(InvalidInput) as caught:
        services.base_photo_add(base=base, upload=upload, acting_user=operator)
    assert list(caught.value.errors) == ["image"]
    assert base.photos.count() == 0


def test_oversize_photo_is_refused(base, operator, settings):
    settings.INCUBATORS_PHOTO_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.png", image_bytes((600, 600)), content_type="image/png")
    with pytest.raises(InvalidInput) as caught:
        services.base_photo_add(base=base, upload=upload, acting_user=operator)
    assert caught.value.reason == "too_large"


def test_photo_of_another_base_is_refused(base, make_user):
    with pytest.raises(NotAllowed):
        services.base_photo_add(
            base=base, upload=SimpleUploadedFile("a.png", image_bytes((10, 10))), acting_user=make_user(BASE_OPERATOR)
        )


def test_profile_update_only_by_operators(base, operator, make_user):
    services.base_profile_update(base=base, data={"contact_phone": "+86 755 0000"}, acting_user=operator)
    base.refresh_from_db()
    assert base.contact_phone == "+86 755 0000"
    with pytest.raises(NotAllowed):
        services.base_profile_update(base=base, data={"contact_phone": "x"}, acting_user=make_user("youth"))


# --- reminders -----------------------------------------------------------------------------


def test_reminders_once_per_occasion(base, operator, make_user, settings):
    settings.INCUBATORS_REPORT_DUE_DAY = 10
    staff = make_user("reviewer")
    save(base, operator, period=MAY)  # only June's report is missing
    assert services.reports_send_reminders(today=date(2023, 7, 10)) == 0
    assert services.reports_send_reminders(today=date(2023, 7, 11)) == 1
    assert Notification.objects.filter(recipient=operator, key=f"incubators:report-due:{base.pk}:2023-06").count() == 1
    assert not Notification.objects.filter(recipient=staff).exists()
    assert services.reports_send_reminders(today=date(2023, 7, 11)) == 0
    services.reports_send_reminders(today=date(2023, 7, 18))
    assert Notification.objects.filter(recipient=staff, key=f"incubators:report-overdue:{base.pk}:2023-06").count() == 1


def test_no_reminder_when_the_report_is_in(base, operator):
    save(base, operator)
    services.reports_send_reminders(today=date(2023, 7, 20))
    assert not Notification.objects.filter(key__contains=":2023-06").exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"incubated_hkmo": 21},
        {"incubating": 21, "incubating_hkmo": 0},
        {"incubating_hkmo": 9},
        {"members_hkmo": 101},
        {"financing_rmb": Decimal("-1")},
        {"period": date(2023, 6, 2)},
    ],
)
def test_database_constraints_hold_even_without_the_service(base, overrides):
    from django.db import IntegrityError, transaction

    from .factories import ReportFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(base=base, **overrides)


def test_one_report_per_base_and_period(base):
    from django.db import IntegrityError, transaction

    from .factories import ReportFactory

    ReportFactory(base=base)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(base=base)


def test_an_earlier_month_cannot_exceed_a_later_one(base, operator):
    may = save(base, operator, period=MAY)
    save(base, operator, period=JUNE)
    with pytest.raises(InvalidInput) as caught:
        save(base, operator, period=MAY, version=may.version, incubated_total=25)
    assert "incubated_total" in caught.value.errors
