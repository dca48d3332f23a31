"""Every write of the incubators app: filing reports, reviewing corrections and flags, photos,
profiles, reminders. Each takes keyword arguments and an `acting_user`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import APPROVER, BASE_OPERATOR, REVIEWER, has_role, is_bureau_staff, role_group
from accounts.services import notify
from portal.audit import AuditAction, record
from portal.invariants import known

from . import conf, rules
from .models import AnomalyFlag, Base, BasePhoto, CorrectionStatus, FlagStatus, ProjectCountReport
from .photos import photo_validate_and_resize


class ReportValidationError(Exception):
    """The report breaks a rule: `errors` is {field: [messages]} in the user's language."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class StaleReportError(Exception):
    """The report was changed (or filed) by someone else since the form was opened."""

    def __init__(self, current_version: int | None):
        super().__init__(current_version)
        self.current_version = current_version

    @property
    def message(self) -> str:
        return _(
            "This report was changed by someone else since you opened it. Your figures were not saved: "
            "reload the report, check the current figures and enter your changes again."
        )


def user_operates_base(user: User, base: Base) -> bool:
    """An operator edits only the bases they operate."""
    if not user.is_authenticated or not has_role(user, BASE_OPERATOR):
        return False
    return base.operators.filter(pk=user.pk).exists()


def _figures_of(report: ProjectCountReport) -> dict[str, Any]:
    return {field: getattr(report, field) for field in rules.FIGURE_FIELDS}


def _same_submission(report: ProjectCountReport, figures: Mapping[str, Any], correction_reason: str) -> bool:
    return (
        all(
            figures.get(field) is not None and getattr(report, field) == figures[field] for field in rules.FIGURE_FIELDS
        )
        and report.correction_reason == correction_reason
    )


def report_save(
    *,
    base: Base,
    period: date | None,
    figures: Mapping[str, int | Decimal | None],
    correction_reason: str = "",
    expected_version: int | None,
    acting_user: User,
    today: date | None = None,
) -> ProjectCountReport:
    """File (expected_version None) or change (expected_version = the version the operator saw)
    the base's report for `period`.

    1. Only the base's operators may; anyone else gets PermissionDenied and nothing changes.
    2. The base's row is locked, so two saves for one base run one after the other.
    3. Optimistic locking: if the report's version is no longer `expected_version` (or a report
       appeared since a "new report" form was opened), StaleReportError: nothing is overwritten.
       The same figures sent twice (a double click) are no conflict: the saved report is returned.
    4. rules.report_errors against the latest earlier report; a "to date" count that falls needs
       a correction reason and waits for staff (correction_status pending).
    5. Anomalies compared with that report replace the report's open flags (resolved ones stay).
    """
    if not user_operates_base(acting_user, base):
        raise PermissionDenied(_("You can only file reports for the bases you operate."))
    today = today or timezone.localdate()
    period_problems = rules.period_errors(period, today=today)
    if period_problems:
        raise ReportValidationError({"period": period_problems})
    period = known(period, "period")
    correction_reason = (correction_reason or "").strip()

    with transaction.atomic(durable=True):
        Base.objects.select_for_update().filter(pk=base.pk).values_list("pk", flat=True).get()
        report = ProjectCountReport.objects.filter(base=base, period=period).first()
        if report is None and expected_version is not None:
            raise StaleReportError(None)
        if report is not None and report.version != expected_version:
            if _same_submission(report, figures, correction_reason):
                return report  # the same form sent twice (a double click): already saved, nothing to do
            raise StaleReportError(report.version)

        previous_report = ProjectCountReport.objects.filter(base=base, period__lt=period).order_by("-period").first()
        previous = _figures_of(previous_report) if previous_report else None
        following_report = ProjectCountReport.objects.filter(base=base, period__gt=period).order_by("period").first()
        errors = rules.report_errors(
            figures,
            previous=previous,
            following=_figures_of(following_report) if following_report else None,
            correction_reason=correction_reason,
        )
        if errors:
            raise ReportValidationError(errors)
        complete = cast(Mapping[str, int | Decimal], figures)  # report_errors found every figure

        if report is None:
            report = ProjectCountReport(base=base, period=period, version=1)
        else:
            report.version += 1
        for field in rules.FIGURE_FIELDS:
            setattr(report, field, figures[field])
        falling = rules.falling_to_date_fields(figures, previous)
        if falling:
            if report.correction_status != CorrectionStatus.ACCEPTED or report.correction_reason != correction_reason:
                report.correction_status = CorrectionStatus.PENDING
                report.correction_reviewed_by = None
                report.correction_reviewed_at = None
            report.correction_reason = correction_reason
        else:
            report.correction_status = CorrectionStatus.NONE
            report.correction_reason = ""
        report.submitted_by = acting_user
        report._history_user = acting_user
        report.save()

        report.flags.filter(status=FlagStatus.OPEN).delete()
        AnomalyFlag.objects.bulk_create(
            [
                AnomalyFlag(
                    report=report,
                    kind=anomaly.kind,
                    field=anomaly.field,
                    previous_value=anomaly.previous_value,
                    current_value=anomaly.current_value,
                )
                for anomaly in rules.report_anomalies(complete, previous)
            ]
        )
    return report


def _require_staff(user: User) -> None:
    if not is_bureau_staff(user):
        raise PermissionDenied(_("Only HR bureau staff can do this."))


def report_correction_review(*, report_id: int, accept: bool, note: str = "", acting_user: User) -> ProjectCountReport:
    """Staff accept or reject a pending downward correction of a "to date" count."""
    _require_staff(acting_user)
    with transaction.atomic(durable=True):
        report = ProjectCountReport.objects.select_for_update().get(pk=report_id)
        if report.correction_status != CorrectionStatus.PENDING:
            raise ValidationError(_("This correction has already been reviewed."))
        report.correction_status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.REJECTED
        report.correction_reviewed_by = acting_user
        report.correction_reviewed_at = timezone.now()
        report.correction_note = note.strip()
        report._history_user = acting_user
        report.save()
        record(acting_user, AuditAction.CORRECTION_ACCEPTED if accept else AuditAction.CORRECTION_REJECTED, report)
        if not accept:
            operators = list(report.base.operators.all())
            url = reverse("incubators:report_edit", args=[report.base_id, report.period_label])
            # In the transaction: notify() is idempotent per key and sends its email on commit.
            for operator in operators:
                notify(
                    recipient=operator,
                    key=f"incubators:correction-rejected:{report.pk}:{report.version}",
                    subject=format_lazy(
                        gettext_lazy("Correction not accepted: {base}, {period}"),
                        base=report.base,
                        period=report.period_label,
                    ),
                    body=format_lazy(
                        gettext_lazy("Staff did not accept the correction. Their note: {note}"), note=note or "—"
                    ),
                    url=url,
                )
    return report


def flag_resolve(*, flag_id: int, status: str, note: str = "", acting_user: User) -> AnomalyFlag:
    """Staff confirm a flagged figure, or query it with the operators. The flag is kept."""
    _require_staff(acting_user)
    if status not in (FlagStatus.CONFIRMED, FlagStatus.QUERIED):
        raise ValidationError(_("Choose whether to confirm or query the figure."))
    if status == FlagStatus.QUERIED and not note.strip():
        raise ValidationError({"note": [_("Say what the operator should check.")]})
    with transaction.atomic(durable=True):
        flag = AnomalyFlag.objects.select_for_update().select_related("report__base").get(pk=flag_id)
        if flag.status != FlagStatus.OPEN:
            raise ValidationError(_("This flag has already been resolved."))
        flag.status = status
        flag.resolution_note = note.strip()
        flag.resolved_by = acting_user
        flag.resolved_at = timezone.now()
        flag._history_user = acting_user
        flag.save()
        record(acting_user, AuditAction.FLAG_RESOLVED, flag, status=status, report=flag.report_id)
        if status == FlagStatus.QUERIED:
            report = flag.report
            operators = list(report.base.operators.all())
            url = reverse("incubators:report_edit", args=[report.base_id, report.period_label])
            # In the transaction: notify() is idempotent per key and sends its email on commit.
            for operator in operators:
                notify(
                    recipient=operator,
                    key=f"incubators:flag-queried:{flag.pk}",
                    subject=format_lazy(
                        gettext_lazy("Staff query a figure: {base}, {period}"),
                        base=report.base,
                        period=report.period_label,
                    ),
                    body=format_lazy(gettext_lazy("Please check the report. Staff note: {note}"), note=note),
                    url=url,
                )
    return flag


def base_photo_add(*, base: Base, upload: UploadedFile[bytes], caption: str = "", acting_user: User) -> BasePhoto:
    """Add a validated, resized photo to a base (its operators or staff)."""
    if not (user_operates_base(acting_user, base) or is_bureau_staff(acting_user)):
        raise PermissionDenied(_("You can only change the bases you operate."))
    content = photo_validate_and_resize(upload)
    name = known(content.name, "photo name")  # photo_validate_and_resize names the file
    with transaction.atomic(durable=True):
        photo = BasePhoto(base=base, caption=caption.strip(), uploaded_by=acting_user)
        photo.image.save(name, content, save=False)
        photo.save()
    return photo


PROFILE_FIELDS = (
    "floor_area_m2",
    "border_distance_km",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
)


def base_profile_update(*, base: Base, data: Mapping[str, Any], acting_user: User) -> Base:
    """Operators keep their base's practical details current (the translated texts are kept by staff
    in the admin, in all three languages)."""
    if not (user_operates_base(acting_user, base) or is_bureau_staff(acting_user)):
        raise PermissionDenied(_("You can only change the bases you operate."))
    with transaction.atomic(durable=True):
        locked = Base.objects.select_for_update().get(pk=base.pk)
        for field in PROFILE_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked._history_user = acting_user
        locked.full_clean()
        locked.save()
    return locked


def _bureau_staff() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__in=[role_group(REVIEWER), role_group(APPROVER)]).distinct())


def reports_send_reminders(*, today: date | None = None) -> int:
    """Remind the operators of every base whose report for a past month is missing after the due
    day; tell staff once it is still missing `staff_reminder_after_days` later. `notify` keys each
    occasion, so running this twice sends nothing new. Returns the number of notifications sent."""
    today = today or timezone.localdate()
    due_day, staff_after = conf.report_due_day(), conf.staff_reminder_after_days()
    sent = 0
    staff: list[User] | None = None
    for period in rules.periods_to_check(today):
        remind_operators, tell_staff = rules.reminders_due(
            period, today=today, due_day=due_day, staff_after_days=staff_after
        )
        if not remind_operators:
            continue
        label = rules.format_period(period)
        missing = (
            Base.objects.exclude(reports__period=period)
            .filter(operators__isnull=False)
            .distinct()
            .prefetch_related("operators")
            .order_by("pk")
        )
        for base in missing:
            url = reverse("incubators:report_edit", args=[base.pk, label])
            for operator in base.operators.all():
                if notify(
                    recipient=operator,
                    key=f"incubators:report-due:{base.pk}:{label}",
                    subject=format_lazy(gettext_lazy("Report due: {base}, {period}"), base=base, period=label),
                    body=format_lazy(
                        gettext_lazy(
                            "The project-count report of {base} for {period} was due on {due}. Please file it now."
                        ),
                        base=base,
                        period=label,
                        due=rules.report_due_date(period, due_day=due_day).isoformat(),
                    ),
                    url=url,
                ):
                    sent += 1
            if tell_staff:
                staff = _bureau_staff() if staff is None else staff
                for member in staff:
                    if notify(
                        recipient=member,
                        key=f"incubators:report-overdue:{base.pk}:{label}",
                        subject=format_lazy(gettext_lazy("Report overdue: {base}, {period}"), base=base, period=label),
                        body=format_lazy(
                            gettext_lazy(
                                "{base} has still not filed its project-count report for {period} "
                                "(due on {due}); its operators were reminded."
                            ),
                            base=base,
                            period=label,
                            due=rules.report_due_date(period, due_day=due_day).isoformat(),
                        ),
                        url=reverse("incubators:review"),
                    ):
                        sent += 1
    return sent
