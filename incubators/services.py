"""Every write of the incubators app: filing reports, reviewing corrections and flags, photos,
profiles, reminders. Each takes keyword arguments and an `acting_user`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import APPROVER, REVIEWER, is_bureau_staff, role_group
from accounts.services import notify
from portal.audit import AuditAction, record
from portal.errors import Conflict, InvalidInput, NotAllowed, NotFound
from portal.invariants import known

from . import conf, rules, selectors
from .models import AnomalyFlag, Base, BasePhoto, CorrectionStatus, FlagStatus, ProjectCountReport
from .photos import photo_validate_and_resize
from .workflow import CORRECTION, FLAG, OPERATOR, flag_action_to

STALE = _(
    "This report was changed by someone else since you opened it. Your figures were not saved: "
    "reload the report, check the current figures and enter your changes again."
)
NOT_YOUR_BASE = _("You can only file reports for the bases you operate.")
NOT_YOUR_BASE_TO_CHANGE = _("You can only change the bases you operate.")


def base_operator_required(*, base: Base, user: User) -> frozenset[str]:
    """The roles `user` holds on the base, or NotAllowed unless they operate it: the refusal the
    report form and the API give before they read any figure."""
    roles = selectors.roles_on_base(user, base)
    if OPERATOR not in roles:
        raise NotAllowed(NOT_YOUR_BASE)
    return roles


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

    1. Only the base's operators may; anyone else gets NotAllowed and nothing changes.
    2. The base's row is locked, so two saves for one base run one after the other.
    3. Optimistic locking: if the report's version is no longer `expected_version` (or a report
       appeared since a "new report" form was opened), Conflict (with the current version):
       nothing is overwritten. The same figures sent twice (a double click) are no conflict: the
       saved report is returned.
    4. rules.report_errors against the latest earlier report (InvalidInput, per field); a "to
       date" count that falls needs a correction reason, and saving files the correction for
       staff (workflow.CORRECTION "file"); figures that no longer fall withdraw it ("withdraw").
    5. Anomalies compared with that report replace the report's open flags (resolved ones stay).
    """
    roles = base_operator_required(base=base, user=acting_user)
    today = today or timezone.localdate()
    period_problems = rules.period_errors(period, today=today)
    if period_problems:
        raise InvalidInput(period_problems[0], errors={"period": period_problems})
    period = known(period, "period")
    correction_reason = (correction_reason or "").strip()

    with transaction.atomic(durable=True):
        Base.objects.select_for_update().filter(pk=base.pk).values_list("pk", flat=True).get()
        report = ProjectCountReport.objects.filter(base=base, period=period).first()
        if report is None and expected_version is not None:
            raise _stale(None)
        if report is not None and report.version != expected_version:
            if _same_submission(report, figures, correction_reason):
                return report  # the same form sent twice (a double click): already saved, nothing to do
            raise _stale(report.version)

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
            raise InvalidInput(_("Some figures need correcting: see the message at each."), errors=errors)
        complete = cast(Mapping[str, int | Decimal], figures)  # report_errors found every figure

        if report is None:
            report = ProjectCountReport(base=base, period=period, version=1)
        else:
            report.version += 1
        for field in rules.FIGURE_FIELDS:
            setattr(report, field, figures[field])
        _apply_correction(
            report, falling=bool(rules.falling_to_date_fields(figures, previous)), reason=correction_reason, roles=roles
        )
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


def _stale(current_version: int | None) -> Conflict:
    return Conflict(STALE, errors={"version": [STALE]}, reason="stale", extra={"current_version": current_version})


def _apply_correction(report: ProjectCountReport, *, falling: bool, reason: str, roles: frozenset[str]) -> None:
    """The correction step that saving takes (workflow.CORRECTION): figures that fall file the
    correction again unless staff already accepted this very reason; figures that no longer fall
    withdraw it."""
    state = report.correction_status
    if falling:
        if state == CorrectionStatus.ACCEPTED and report.correction_reason == reason:
            return  # staff accepted this correction: saving again changes nothing about it
        transition = CORRECTION.check("file", state, roles, note=reason)
        report.correction_reviewed_by = None
        report.correction_reviewed_at = None
        report.correction_reason = reason
    elif state != CorrectionStatus.NONE:
        transition = CORRECTION.check("withdraw", state, roles)
        report.correction_reason = ""
    else:
        return
    report.correction_status = transition.target


def report_correction_review(*, report_id: int, accept: bool, note: str = "", acting_user: User) -> ProjectCountReport:
    """Staff accept or reject a pending downward correction of a "to date" count
    (workflow.CORRECTION "accept" / "reject"); a rejection tells the operators."""
    action = "accept" if accept else "reject"
    note = (note or "").strip()
    with transaction.atomic(durable=True):
        # only the report's row is locked (report_save locks the base's first, then the report's)
        report = (
            ProjectCountReport.objects.select_for_update(of=("self",))
            .select_related("base")
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            raise NotFound(_("There is no such report."))
        transition = CORRECTION.check(
            action, report.correction_status, selectors.roles_on_base(acting_user, report.base_id), note=note
        )
        report.correction_status = transition.target
        report.correction_reviewed_by = acting_user
        report.correction_reviewed_at = timezone.now()
        report.correction_note = note
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
                        _("Correction not accepted: {base}, {period}"),
                        base=report.base,
                        period=report.period_label,
                    ),
                    body=format_lazy(_("Staff did not accept the correction. Their note: {note}"), note=note or "—"),
                    url=url,
                )
    return report


def flag_resolve(*, flag_id: int, status: str, note: str = "", acting_user: User) -> AnomalyFlag:
    """Staff confirm a flagged figure, or query it with the operators (workflow.FLAG); `status`
    is the state chosen. The flag is kept; a query tells the operators."""
    action = flag_action_to(status)
    if action is None:
        raise InvalidInput.on("status", _("Choose whether to confirm or query the figure."))
    note = (note or "").strip()
    with transaction.atomic(durable=True):
        flag = (
            AnomalyFlag.objects.select_for_update(of=("self",))
            .select_related("report__base")
            .filter(pk=flag_id)
            .first()
        )
        if flag is None:
            raise NotFound(_("There is no such flag."))
        transition = FLAG.check(
            action, flag.status, selectors.roles_on_base(acting_user, flag.report.base_id), note=note
        )
        flag.status = transition.target
        flag.resolution_note = note
        flag.resolved_by = acting_user
        flag.resolved_at = timezone.now()
        flag._history_user = acting_user
        flag.save()
        record(acting_user, AuditAction.FLAG_RESOLVED, flag, status=flag.status, report=flag.report_id)
        if flag.status == FlagStatus.QUERIED:
            report = flag.report
            operators = list(report.base.operators.all())
            url = reverse("incubators:report_edit", args=[report.base_id, report.period_label])
            # In the transaction: notify() is idempotent per key and sends its email on commit.
            for operator in operators:
                notify(
                    recipient=operator,
                    key=f"incubators:flag-queried:{flag.pk}",
                    subject=format_lazy(
                        _("Staff query a figure: {base}, {period}"),
                        base=report.base,
                        period=report.period_label,
                    ),
                    body=format_lazy(_("Please check the report. Staff note: {note}"), note=note),
                    url=url,
                )
    return flag


def base_change_required(*, base: Base, user: User) -> None:
    """NotAllowed unless the user operates the base or is HR bureau staff (a base's details, photos)."""
    if not (selectors.user_operates_base(user, base) or is_bureau_staff(user)):
        raise NotAllowed(NOT_YOUR_BASE_TO_CHANGE)


def base_photo_add(*, base: Base, upload: UploadedFile[bytes], caption: str = "", acting_user: User) -> BasePhoto:
    """Add a validated, resized photo to a base (its operators or staff)."""
    base_change_required(base=base, user=acting_user)
    try:
        content = photo_validate_and_resize(upload)
    except ValidationError as invalid:
        raise InvalidInput.on("image", invalid.messages[0], reason=invalid.code or "invalid") from invalid
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
    base_change_required(base=base, user=acting_user)
    with transaction.atomic(durable=True):
        locked = Base.objects.select_for_update().get(pk=base.pk)
        for field in PROFILE_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked._history_user = acting_user
        try:
            locked.full_clean()
        except ValidationError as invalid:
            raise InvalidInput(_("Check the base's details."), errors=invalid.message_dict) from invalid
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
                    subject=format_lazy(_("Report due: {base}, {period}"), base=base, period=label),
                    body=format_lazy(
                        _("The project-count report of {base} for {period} was due on {due}. Please file it now."),
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
                        subject=format_lazy(_("Report overdue: {base}, {period}"), base=base, period=label),
                        body=format_lazy(
                            _(
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
