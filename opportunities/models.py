"""Internships and jobs (实习与就业岗位) in the Greater Bay Area for Hong Kong and Macau youth.

An `Employer` (a company, or a base posting for its teams) is verified by staff before its
postings are published; its users hold the `employer` role, and a base's operators post for
their base. A `Vacancy` (shaped after schema.org's JobPosting) states the cross-border facts a
Hong Kong graduate asks about: the contract's jurisdiction, who pays social insurance and where,
the working language, accommodation. A vacancy may belong to a `Cohort`, a batch of an
`InternshipPlan` (Huizhou's plan ran in batches). A youth's `Application` moves from submitted to
placed and completed; a placement at a base leads to the subsidy claim it earns.

Transition tables: opportunities/workflow.py. Positions and cohort capacity: services.py, with
the portal's capacity idiom (the vacancy and cohort rows locked, the taken places counted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.forms import FREE_TEXT_MAX_LENGTH
from portal.models import TransitionRow
from subsidies.models import private_storage

if TYPE_CHECKING:
    from modeltranslation.manager import MultilingualManager


class Education(models.TextChoices):
    """The levels a posting asks for and an applicant states; the degrees are the subsidies app's
    education levels (its internship rates are by degree)."""

    NONE = "", _("No minimum")
    SECONDARY = "secondary", _("Secondary school")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    PHD = "phd", _("PhD")


EDUCATION_ORDER = ["", "secondary", "associate", "bachelor", "master", "phd"]


class Employer(models.Model):
    """An organisation offering vacancies: a company, or a base (双创基地) posting for its teams."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        BASE = "base", _("Base")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("where"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    base = models.OneToOneField(
        "incubators.Base",
        verbose_name=_("base"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employer",
        help_text=_("For a base posting for its teams: the base's operators may post for it."),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="employers",
        blank=True,
        limit_choices_to={"groups__name": "employer"},
        verbose_name=_("users"),
        help_text=_("Accounts with the employer role who post and handle applications."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[MultilingualManager[Employer]]

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="company") | Q(base__isnull=False), name="opportunities_base_employer_has_base"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class InternshipPlan(models.Model):
    """An internship plan run by a district or city: Futian's Hong Kong youth special internship
    plan, Huizhou's Hong Kong youth internship plan. Its placements at bases may earn a subsidy
    scheme of the subsidies app."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("where"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subsidy_scheme = models.ForeignKey(
        "subsidies.Scheme",
        verbose_name=_("subsidy scheme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The subsidy a placement at a base under this plan earns."),
    )

    objects: ClassVar[MultilingualManager[InternshipPlan]]

    class Meta:
        verbose_name = _("internship plan")
        verbose_name_plural = _("internship plans")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """A batch of an internship plan with its own dates and capacity (Huizhou's plan: 4 batches)."""

    plan = models.ForeignKey(InternshipPlan, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("How many interns the batch takes in all."))

    objects: ClassVar[MultilingualManager[Cohort]]

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["plan", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="opportunities_cohort_dates"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="opportunities_cohort_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.name}"


class VacancyKind(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    JOB = "job", _("Job")


class VacancyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", pgettext_lazy("vacancy", "Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Currency(models.TextChoices):
    RMB = "RMB", _("RMB")
    HKD = "HKD", _("HKD")


class SalaryPeriod(models.TextChoices):
    MONTH = "month", _("a month")
    DAY = "day", _("a day")
    HOUR = "hour", _("an hour")


class Jurisdiction(models.TextChoices):
    HK = "hk", _("Hong Kong contract")
    MAINLAND = "mainland", _("Mainland contract")


class SocialInsurance(models.TextChoices):
    """Who pays social insurance, and where: what Hong Kong graduates found unclear (2024)."""

    EMPLOYER_MAINLAND = "employer_mainland", _("The employer pays mainland social insurance")
    EMPLOYER_HK = "employer_hk", _("The employer pays Hong Kong MPF")
    PLAN = "plan", _("Covered by the internship plan (accident insurance)")
    NONE = "none", _("None: not an employment")


class WorkingLanguage(models.TextChoices):
    PUTONGHUA = "putonghua", _("Putonghua")
    CANTONESE = "cantonese", _("Cantonese")
    ENGLISH = "english", _("English")
    MIXED = "mixed", _("Putonghua, Cantonese and English")


class Vacancy(models.Model):
    """An internship or a job (schema.org JobPosting), trilingual, moderated before publication."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("employer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VacancyKind.choices)
    title = models.CharField(_("job title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    duties = models.TextField(_("duties"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    requirements = models.TextField(_("requirements"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("where"), on_delete=models.PROTECT, related_name="vacancies"
    )
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    base = models.ForeignKey(
        "incubators.Base", verbose_name=_("base"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    positions = models.PositiveIntegerField(_("positions"))
    salary_min = models.DecimalField(_("salary from"), max_digits=10, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(_("salary up to"), max_digits=10, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.RMB)
    salary_period = models.CharField(
        _("salary period"), max_length=10, choices=SalaryPeriod.choices, default=SalaryPeriod.MONTH
    )
    contract_jurisdiction = models.CharField(_("contract"), max_length=10, choices=Jurisdiction.choices)
    social_insurance = models.CharField(_("social insurance"), max_length=30, choices=SocialInsurance.choices)
    working_language = models.CharField(_("working language"), max_length=20, choices=WorkingLanguage.choices)
    accommodation_provided = models.BooleanField(_("accommodation provided"), default=False)
    accommodation_note = models.CharField(_("about accommodation"), max_length=300, blank=True)
    min_education = models.CharField(
        _("minimum education"), max_length=20, choices=Education.choices, blank=True, default=""
    )
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    subsidy_scheme = models.ForeignKey(
        "subsidies.Scheme",
        verbose_name=_("subsidy scheme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The subsidy a placement earns (an internship at a base); the cohort's plan's when not set."),
    )
    state = models.CharField(_("state"), max_length=20, choices=VacancyState.choices, default=VacancyState.DRAFT)
    return_reason = models.TextField(_("reason returned"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)

    objects: ClassVar[MultilingualManager[Vacancy]]

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["closes_on", "id"]
        indexes = [models.Index(fields=["state", "closes_on"], name="opp_vacancy_state_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(positions__gte=1), name="opportunities_vacancy_positions"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="opportunities_vacancy_dates"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_max__gte=F("salary_min")),
                name="opportunities_vacancy_salary_range",
            ),
            models.CheckConstraint(
                condition=(Q(salary_min__isnull=True) | Q(salary_min__gte=0))
                & (Q(salary_max__isnull=True) | Q(salary_max__gte=0)),
                name="opportunities_vacancy_salary_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class VacancyTransition(TransitionRow):
    """One step of a vacancy's life (its timeline)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=VacancyState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=VacancyState.choices)


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview arranged")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Offer accepted")
    DECLINED = "declined", _("Offer declined")
    PLACED = "placed", _("Placed")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Not successful")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The states that hold one of the vacancy's positions (and one of its cohort's places).
TAKEN_STATES = (ApplicationState.ACCEPTED, ApplicationState.PLACED, ApplicationState.COMPLETED)
# The states in which an application is still waiting for the employer (reminders).
OPEN_STATES = (ApplicationState.SUBMITTED, ApplicationState.SHORTLISTED, ApplicationState.INTERVIEW)


def cv_path(instance: Application, filename: str) -> str:
    import uuid

    return f"opportunities/cv/{instance.vacancy_id}/{uuid.uuid4().hex}.pdf"


class Application(models.Model):
    """A youth's application to a vacancy, one per person and vacancy, from submitted to placed."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="job_applications")
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    note = models.TextField(_("note to the employer"), blank=True, max_length=2000)
    education_level = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    cv = models.FileField(_("CV"), storage=private_storage, upload_to=cv_path, blank=True, max_length=300)
    cv_name = models.CharField(_("CV file name"), max_length=255, blank=True)
    interview_at = models.DateTimeField(_("interview at"), null=True, blank=True)
    interview_place = models.CharField(_("interview place"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    subsidy_claim = models.OneToOneField(
        "subsidies.Claim",
        verbose_name=_("subsidy claim"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placement",
        help_text=_("The claim this placement is the evidence of."),
    )
    claim_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "applicant"], name="opportunities_one_application_per_vacancy")
        ]
        indexes = [models.Index(fields=["state", "state_changed_at"], name="opp_application_state_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.vacancy}"


class ApplicationTransition(TransitionRow):
    """One step of an application's life (its timeline, and what the youth was told)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ApplicationState.choices)


class StaleReminder(models.Model):
    """An employer reminded of an application not moved for 14 days: once per application and
    state change (the unique key makes a second delivery of the task send nothing)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    state_changed_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "state_changed_at"], name="opportunities_one_reminder")
        ]

    def __str__(self) -> str:
        return f"#{self.application_id} {self.sent_at:%Y-%m-%d}"


class SavedSearch(models.Model):
    """A youth's search (kind, city or district, words), sent to them as a daily digest of new
    matching vacancies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_job_searches")
    kind = models.CharField(_("kind"), max_length=20, choices=VacancyKind.choices, blank=True)
    city = models.SlugField(_("city or district"), max_length=80, blank=True)
    q = models.CharField(_("words"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "city", "q"], name="opportunities_one_saved_search")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.city} {self.q}".strip()


class DigestItem(models.Model):
    """A vacancy sent to a person in a digest: once per vacancy per person, whatever their
    searches and however often the task runs (the unique key)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "vacancy"], name="opportunities_digest_once")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.vacancy_id}"
