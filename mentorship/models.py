"""The GBA Workplace Mentor Programme (大湾区职场导师计划), as launched in Luohu (罗湖区).

Hong Kong people with mainland workplace experience volunteer as mentors; each has at most five
mentees at the same time, in relationships of one year; the mentor claims subsidies from the HR
bureau per service (rates and caps are data: `RateSchedule`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, TypedDict

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from portal.forms import FREE_TEXT_MAX_LENGTH

from . import rules

if TYPE_CHECKING:
    # translation.py registers Mentor and PublicWelfareActivity with django-modeltranslation,
    # which swaps their default manager for its MultilingualManager.
    from modeltranslation.manager import MultilingualManager


class PrivateStorage(LazyObject):
    """Evidence files (social insurance records): outside MEDIA_ROOT, never served publicly."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT / "mentorship")


private_storage = PrivateStorage()


def evidence_storage():
    """The evidence files' storage, as a callable so that migrations name it rather than
    freezing the location of one machine's settings."""
    return private_storage


class Mentor(models.Model):
    """A mentor (职场导师): a Hong Kong person with mainland workplace experience. The profile is
    public once staff approve the application; its free-text parts are translated."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_profile", verbose_name=_("user")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    display_name = models.CharField(_("name shown to the public"), max_length=150)
    industries = models.CharField(_("industries"), max_length=300, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    mainland_experience = models.TextField(
        _("mainland workplace experience"), blank=True, max_length=FREE_TEXT_MAX_LENGTH
    )
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    bio = models.TextField(_("short biography"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("review note"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)

    objects: ClassVar[MultilingualManager[Mentor]]

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name or str(self.user)


class Mentee(models.Model):
    """A young person (学员) with a mentor. Their employment status matters: career guidance is
    for an employed mentee, internship guidance and job referral for an unemployed one. The
    current status is kept here; its history is `MenteeStatusChange`."""

    class Status(models.TextChoices):
        EMPLOYED = "employed", _("Employed")
        UNEMPLOYED = "unemployed", _("Unemployed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_profile", verbose_name=_("user")
    )
    status = models.CharField(_("employment status"), max_length=10, choices=Status.choices)
    status_since = models.DateField(_("status since"))
    wants_mentor = models.BooleanField(_("asking for a mentor"), default=False)
    requested_mentor = models.ForeignKey(
        Mentor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("mentor asked for"),
    )
    interests = models.TextField(_("what they would like help with"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.user)


class MenteeStatusChange(models.Model):
    """One change of a mentee's employment status, so "was the mentee employed on that date?"
    can be answered for any past date."""

    mentee = models.ForeignKey(
        Mentee, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("mentee")
    )
    status = models.CharField(_("employment status"), max_length=10, choices=Mentee.Status.choices)
    since = models.DateField(_("since"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("employment status change")
        verbose_name_plural = _("employment status changes")
        ordering = ["mentee", "since"]
        constraints = [models.UniqueConstraint(fields=["mentee", "since"], name="mentorship_status_change_unique_day")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.since}"


class RelationshipState(models.TextChoices):
    """Where a relationship stands on a day (`rules.relationship_state`): its state is its dates,
    not a stored field. `workflow.RELATIONSHIP` says what may be done from each."""

    UPCOMING = rules.UPCOMING, _("Not started yet")
    ACTIVE = rules.ACTIVE, _("Active")
    COMPLETED = rules.COMPLETED, _("Year completed")
    ENDED = rules.ENDED, _("Ended early")


class MentorRelationship(models.Model):
    """A mentor-mentee relationship (师生关系) of one year. At most five are active on any day per
    mentor (checked in `services.relationship_create` under a lock on the mentor row). Staff may end
    one early, with a reason: it then counts only up to `ended_on`."""

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="relationships", verbose_name=_("mentor"))
    mentee = models.ForeignKey(Mentee, on_delete=models.PROTECT, related_name="relationships", verbose_name=_("mentee"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mentor relationship")
        verbose_name_plural = _("mentor relationships")
        ordering = ["-start_date", "pk"]
        constraints = [
            # The per-mentee caps apply to a mentor-mentee pair: one relationship per pair.
            models.UniqueConstraint(fields=["mentor", "mentee"], name="mentorship_one_relationship_per_pair"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="mentorship_end_after_start"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (Q(ended_on__gte=F("start_date")) & Q(ended_on__lte=F("end_date"))),
                name="mentorship_ended_within_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    @property
    def last_day(self) -> dt.date:
        """The last day the relationship is active: its end date, or the day it was ended."""
        return self.ended_on or self.end_date

    def state_on(self, day: dt.date) -> str:
        return rules.relationship_state(start=self.start_date, end=self.end_date, ended_on=self.ended_on, day=day)


class Service(models.Model):
    """A service a mentor gave a mentee, logged for the subsidy."""

    class Kind(models.TextChoices):
        CAREER_GUIDANCE = "career_guidance", _("Career guidance session")
        INTERNSHIP_GUIDANCE = "internship_guidance", _("Internship guidance")
        JOB_REFERRAL = "job_referral", _("Job referral")

    relationship = models.ForeignKey(
        MentorRelationship, on_delete=models.PROTECT, related_name="services", verbose_name=_("relationship")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    days = models.PositiveSmallIntegerField(_("number of days"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    insured_months = models.PositiveSmallIntegerField(
        _("months of social insurance with that employer"), null=True, blank=True
    )
    evidence = models.FileField(_("evidence"), storage=evidence_storage, upload_to="evidence/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    # When the service was logged or last changed (its insured months): a stored entitlement
    # computed before it is being recomputed (`selectors.relationship_entitlement`).
    changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="internship_guidance") | Q(days__gte=1), name="mentorship_internship_has_days"
            ),
            models.CheckConstraint(
                condition=~Q(kind="job_referral")
                | (Q(hired_on__isnull=False) & Q(insured_months__isnull=False) & ~Q(employer="")),
                name="mentorship_referral_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class PublicWelfareActivity(models.Model):
    """A public-welfare activity related to HK/Macau youth employment, to which the HR bureau
    invites mentors (1,000 RMB per activity attended)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    date = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[MultilingualManager[PublicWelfareActivity]]

    class Meta:
        verbose_name = _("public-welfare activity")
        verbose_name_plural = _("public-welfare activities")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return self.title


class ActivityInvitation(models.Model):
    activity = models.ForeignKey(
        PublicWelfareActivity, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("activity")
    )
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("mentor"))
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), default=False)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["activity", "mentor"], name="mentorship_one_invitation")]

    def __str__(self) -> str:
        return f"{self.activity} – {self.mentor}"


class RateSchedule(models.Model):
    """The programme's rates and caps, in force from `effective_from` until the next schedule.
    The defaults are the Luohu launch figures (2023): career guidance 200 RMB a session, at most
    1,000 per mentee; internship guidance 100 RMB a day, at most 2,000 per mentee; job referral
    1,000 once insured 1 month, a further 4,000 once insured 6 months or more with the same
    employer; 1,000 RMB per public-welfare activity."""

    effective_from = models.DateField(_("effective from"), unique=True)
    career_guidance_rate = models.DecimalField(_("career guidance: per session"), max_digits=10, decimal_places=2)
    career_guidance_cap = models.DecimalField(_("career guidance: cap per mentee"), max_digits=10, decimal_places=2)
    internship_guidance_rate = models.DecimalField(_("internship guidance: per day"), max_digits=10, decimal_places=2)
    internship_guidance_cap = models.DecimalField(
        _("internship guidance: cap per mentee"), max_digits=10, decimal_places=2
    )
    referral_first_amount = models.DecimalField(_("job referral: first amount"), max_digits=10, decimal_places=2)
    referral_first_months = models.PositiveSmallIntegerField(_("job referral: months insured for the first amount"))
    referral_further_amount = models.DecimalField(_("job referral: further amount"), max_digits=10, decimal_places=2)
    referral_further_months = models.PositiveSmallIntegerField(
        _("job referral: months insured with the same employer for the further amount")
    )
    public_welfare_rate = models.DecimalField(
        _("public-welfare activity: per activity"), max_digits=10, decimal_places=2
    )
    note = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rate schedule")
        verbose_name_plural = _("rate schedules")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(career_guidance_rate__gte=0)
                & Q(career_guidance_cap__gte=0)
                & Q(internship_guidance_rate__gte=0)
                & Q(internship_guidance_cap__gte=0)
                & Q(referral_first_amount__gte=0)
                & Q(referral_further_amount__gte=0)
                & Q(public_welfare_rate__gte=0),
                name="mentorship_rates_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(referral_further_months__gte=F("referral_first_months")) & Q(referral_first_months__gte=1),
                name="mentorship_referral_months_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.effective_from)


class _MoneyFieldOptions(TypedDict):
    max_digits: int
    decimal_places: int
    default: Decimal


_money: _MoneyFieldOptions = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0")}


class MentorEntitlement(models.Model):
    """What a mentor is entitled to, as last computed by `services.entitlement_recompute` (pages
    read it, never recompute). `claimable_since` is the day the unclaimed amount became positive,
    for the 60-day reminder.

    `claimed` is the mentor's approved total of gba-mentor subsidy claims: the subsidies app sets
    it inside its approval transaction (`services.entitlement_claimed_set`), so this app never
    reads the subsidies app (the dependency goes one way: subsidies imports mentorship).

    `computed_at` (here and on `RelationshipEntitlement`) is when a recomputation last wrote the
    row: the per-mentor recomputation, run after any change to the mentor's records, writes it
    every time; the nightly `services.entitlement_recompute_all` writes only the rows whose
    amounts (or `claimable_since`) changed. So it is not "last checked": the nightly run checks
    every row, and an older `computed_at` means the amounts have not changed since. Nothing
    reads it for a decision (the page shows it, the admin lists it)."""

    mentor = models.OneToOneField(Mentor, on_delete=models.CASCADE, related_name="entitlement")
    career_guidance = models.DecimalField(_("career guidance"), **_money)
    internship_guidance = models.DecimalField(_("internship guidance"), **_money)
    job_referral = models.DecimalField(_("job referral"), **_money)
    public_welfare = models.DecimalField(_("public-welfare activities"), **_money)
    total = models.DecimalField(_("total"), **_money)
    # A database default as well: the nightly run's upsert inserts rows without naming it.
    claimed = models.DecimalField(_("already claimed"), **_money, db_default=Decimal("0"))
    claimable_since = models.DateField(_("unclaimed since"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("mentor entitlement")
        verbose_name_plural = _("mentor entitlements")
        constraints = [
            models.CheckConstraint(condition=Q(claimed__gte=0), name="mentorship_claimed_not_negative"),
            models.CheckConstraint(
                condition=Q(
                    total=F("career_guidance") + F("internship_guidance") + F("job_referral") + F("public_welfare")
                ),
                name="mentorship_mentor_total_is_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor}: {self.total}"


class RelationshipEntitlement(models.Model):
    relationship = models.OneToOneField(MentorRelationship, on_delete=models.CASCADE, related_name="entitlement")
    career_guidance = models.DecimalField(_("career guidance"), **_money)
    internship_guidance = models.DecimalField(_("internship guidance"), **_money)
    job_referral = models.DecimalField(_("job referral"), **_money)
    total = models.DecimalField(_("total"), **_money)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("relationship entitlement")
        verbose_name_plural = _("relationship entitlements")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("career_guidance") + F("internship_guidance") + F("job_referral")),
                name="mentorship_relationship_total_is_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship}: {self.total}"


class MentorshipEvent(models.Model):
    """One step in the life of a mentor application or a relationship, written in the transaction
    of the use case: the relationship's page shows them as its timeline. `detail` holds ids,
    codes, dates and amounts only; free text (a review note, a reason for ending) stays on the
    object it belongs to. Staff actions are also in the portal's audit log (`portal.audit`)."""

    action = models.CharField(_("action"), max_length=50)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, null=True, related_name="events")
    relationship = models.ForeignKey(MentorRelationship, on_delete=models.CASCADE, null=True, related_name="events")
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentorship event")
        verbose_name_plural = _("mentorship events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d}"
