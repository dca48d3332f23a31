"""Demo internships and jobs, from the seeds (DOMAIN.md, "Internships and employment").

The two internship plans of the seeds, with the figures they give:
- Futian's Hong Kong youth special internship plan (香港青年专项实习计划): winter and summer posts
  offered to Hong Kong university students; 327 interns received. The seeds give no split by
  season or year: the 327 are one cumulative past cohort of completed placements.
- Huizhou's Hong Kong youth internship plan (香港青年实习计划, run by the city's United Front Work
  Department, part of the HKSAR Government's Funding Scheme for Youth Internship in the
  Mainland): enterprises coordinated to offer posts; 4 batches, 88 interns. The seeds give no
  size per batch: the demo puts 22 in each, so the batches add up to the 88.
The seeds give no dates for these past cohorts, and name no enterprise: the past cohorts' dates
are placeholders (said so in their names), and their posts are recorded under the coordinating
body, not under an invented company.

Open now: posts at the two bases of the demo (the GBA Youth Innovation & Entrepreneurship Workshop
in Futian, and the Huizhou HK/Macau/Taiwan and overseas Chinese service centre), the next cohort
of each plan, a demo employer account for the Workshop, and youth A's application to the
Workshop's internship. The Workshop's internship earns Futian's internship subsidy (1,000 /
1,500 / 2,500 / 4,500 RMB a month by degree, the subsidies app's rule).

Idempotent: plans, cohorts and employers are looked up by code or name; past placements are made
once (when their cohort is new).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_user
from accounts.models import User
from accounts.roles import EMPLOYER, YOUTH, role_group
from incubators.models import Base
from portal.models import Region
from subsidies.models import Scheme

from . import services
from .models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Cohort,
    Employer,
    InternshipPlan,
    Vacancy,
    VacancyState,
    VacancyTransition,
)

Texts = dict[str, str]


def t(hant: str, hans: str, en: str) -> Texts:
    return {"zh_hant": hant, "zh_hans": hans, "en": en}


def _translated(field: str, texts: Texts) -> dict[str, str]:
    return {f"{field}_{suffix}": value for suffix, value in texts.items()}


DEMO_EMPLOYER = ("employer@demo.gba-youth.example", "林家豪 Lam Ka Ho", "zh-hant")

FUTIAN_PLAN = {
    "code": "futian-hk-youth-internship",
    "name": t(
        "福田區香港青年專項實習計劃", "福田区香港青年专项实习计划", "Futian Hong Kong youth special internship plan"
    ),
    "organiser": t("深圳市福田區", "深圳市福田区", "Futian District, Shenzhen"),
    "description": t(
        "在寒暑假挖掘實習崗位，向香港高校大學生投放，並提供實習補貼。已接待 327 名香港高校學生實習。",
        "在寒暑假挖掘实习岗位，向香港高校大学生投放，并提供实习补贴。已接待 327 名香港高校学生实习。",
        "Winter and summer internship posts offered to Hong Kong university students, with an internship "
        "subsidy. 327 interns received so far.",
    ),
    "region": "futian",
    "scheme": "futian-internship",
}
HUIZHOU_PLAN = {
    "code": "huizhou-hk-youth-internship",
    "name": t("惠州香港青年實習計劃", "惠州香港青年实习计划", "Huizhou Hong Kong youth internship plan"),
    "organiser": t("中共惠州市委統戰部", "中共惠州市委统战部", "United Front Work Department, Huizhou"),
    "description": t(
        "協調相關企業為香港優秀青年提供實習崗位，納入香港特區政府「青年內地實習資助計劃」。"
        "已有 4 批 88 名香港青年到惠州實習。",
        "协调相关企业为香港优秀青年提供实习岗位，纳入香港特区政府“青年内地实习资助计划”。"
        "已有 4 批 88 名香港青年到惠州实习。",
        "Enterprises coordinated to offer internship posts to Hong Kong youth; part of the HKSAR Government's "
        "Funding Scheme for Youth Internship in the Mainland. 4 batches, 88 interns so far.",
    ),
    "region": "huizhou",
    "scheme": None,
}

# Past cohorts: (plan code, name, starts, ends, interns). Dates are placeholders (see above).
PAST_COHORTS = [
    (
        "futian-hk-youth-internship",
        t(
            "歷屆寒暑假實習（累計，日期為示意）",
            "历届寒暑假实习（累计，日期为示意）",
            "Past winter and summer posts (cumulative; dates indicative)",
        ),
        date(2019, 7, 1),
        date(2023, 8, 31),
        327,
    ),
    *[
        (
            "huizhou-hk-youth-internship",
            t(f"第 {n} 批（日期為示意）", f"第 {n} 批（日期为示意）", f"Batch {n} (dates indicative)"),
            date(2023, 2 * n, 1),
            date(2023, 2 * n + 1, 28),
            22,
        )
        for n in range(1, 5)
    ],
]

COORDINATORS = {
    "futian-hk-youth-internship": t(
        "福田區香港青年專項實習計劃（統籌崗位）",
        "福田区香港青年专项实习计划（统筹岗位）",
        "Futian HK youth internship plan (posts coordinated by the district)",
    ),
    "huizhou-hk-youth-internship": t(
        "中共惠州市委統戰部（協調企業崗位）",
        "中共惠州市委统战部（协调企业岗位）",
        "Huizhou United Front Work Department (posts coordinated with enterprises)",
    ),
}


def _region(slug: str) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise RuntimeError(f"The demo region {slug!r} is missing: the incubators demo creates it first.")
    return region


def _plan(spec) -> InternshipPlan:
    scheme = Scheme.objects.filter(code=spec["scheme"]).first() if spec["scheme"] else None
    return InternshipPlan.objects.get_or_create(
        code=spec["code"],
        defaults={
            **_translated("name", spec["name"]),
            **_translated("organiser", spec["organiser"]),
            **_translated("description", spec["description"]),
            "region": _region(spec["region"]),
            "subsidy_scheme": scheme,
        },
    )[0]


def _employer(names: Texts, **fields) -> Employer:
    employer, _created = Employer.objects.get_or_create(
        name_zh_hant=names["zh_hant"],
        defaults={**_translated("name", names), "verified_at": timezone.now(), **fields},
    )
    return employer


def _past_cohort(plan: InternshipPlan, coordinator: Employer, names: Texts, starts, ends, interns, n: int) -> int:
    """A past cohort with its interns as completed placements (imported records: one closed
    vacancy, one account per intern, no sign-in). Made once."""
    cohort, created = Cohort.objects.get_or_create(
        plan=plan,
        name_zh_hant=names["zh_hant"],
        defaults={**_translated("name", names), "starts_on": starts, "ends_on": ends, "capacity": interns},
    )
    if not created:
        return 0
    creator = demo_user("admin")
    vacancy = Vacancy.objects.create(
        employer=coordinator,
        kind="internship",
        **_translated("title", t("實習崗位（歷史記錄）", "实习岗位（历史记录）", "Internship posts (past record)")),
        region=plan.region or _region("shenzhen"),
        positions=interns,
        contract_jurisdiction="mainland",
        social_insurance="plan",
        working_language="mixed",
        opens_on=starts - timedelta(days=60),
        closes_on=starts - timedelta(days=14),
        starts_on=starts,
        cohort=cohort,
        subsidy_scheme=plan.subsidy_scheme,
        state=VacancyState.CLOSED,
        created_by=creator,
    )
    VacancyTransition.objects.create(vacancy=vacancy, actor=None, to_state=VacancyState.CLOSED, note="imported")
    youth_group = role_group(YOUTH)
    interns_made = User.objects.bulk_create(
        [
            User(
                email=f"{plan.code}.{n}.{i:03d}@past-intern.gba-youth.example",
                password="!",  # noqa: S106 - Django's mark of an unusable password: no sign-in
                preferred_language="zh-hant",
            )
            for i in range(1, interns + 1)
        ]
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=youth_group.pk) for user in interns_made]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                vacancy=vacancy,
                applicant=user,
                state=ApplicationState.COMPLETED,
                education_level="bachelor",
                start_date=starts,
                state_changed_at=timezone.now(),
            )
            for user in interns_made
        ]
    )
    ApplicationTransition.objects.bulk_create(
        [
            ApplicationTransition(application=a, to_state=ApplicationState.COMPLETED, note="imported")
            for a in applications
        ]
    )
    services.vacancy_index(vacancy_id=vacancy.pk)
    return interns


def _open_vacancy(employer: Employer, user: User, staff: User, **fields) -> Vacancy:
    """A vacancy open now, checked by the services' rules and written as publishing leaves it
    (the loader runs inside one transaction, where the services' durable transactions cannot)."""
    existing = Vacancy.objects.filter(employer=employer, title_zh_hant=fields["texts"]["title_zh_hant"]).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    data = services.VacancyInput(
        employer_id=employer.pk, opens_on=today - timedelta(days=7), closes_on=today + timedelta(days=45), **fields
    )
    now = timezone.now()
    vacancy = Vacancy.objects.create(
        created_by=user,
        state=VacancyState.PUBLISHED,
        published_at=now,
        state_changed_at=now,
        **services.resolve_vacancy(data, user),
    )
    for actor, source, target in (
        (user, "", VacancyState.DRAFT),
        (user, VacancyState.DRAFT, VacancyState.SUBMITTED),
        (staff, VacancyState.SUBMITTED, VacancyState.PUBLISHED),
    ):
        VacancyTransition.objects.create(vacancy=vacancy, actor=actor, from_state=source, to_state=target)
    services.vacancy_index(vacancy_id=vacancy.pk)
    return vacancy


def load() -> list[str]:
    staff = demo_user("reviewer")
    operator = demo_user("operator")
    youth = demo_user("youth")
    email, full_name, language = DEMO_EMPLOYER
    employer_user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "preferred_language": language}
    )
    if created:
        employer_user.set_password(DEMO_PASSWORD)
        employer_user.save(update_fields=["password"])
    employer_user.groups.add(role_group(EMPLOYER))

    plans = {spec["code"]: _plan(spec) for spec in (FUTIAN_PLAN, HUIZHOU_PLAN)}
    coordinators = {
        code: _employer(names, kind="company", region=plans[code].region) for code, names in COORDINATORS.items()
    }
    past = 0
    for n, (code, names, starts, ends, interns) in enumerate(PAST_COHORTS, start=1):
        past += _past_cohort(plans[code], coordinators[code], names, starts, ends, interns, n)

    workshop = Base.objects.filter(operators=operator).order_by("pk").first()
    huizhou_centre = Base.objects.filter(region__slug__in=["huizhou", "zhongkai"]).order_by("pk").first()
    lines = [f"opportunities: {past} past placements imported"] if past else []
    if workshop is None or huizhou_centre is None:
        return [*lines, "opportunities: the demo bases are missing; no open vacancies"]
    workshop_employer = _employer(
        t("粵港澳青年創新創業工場", "粤港澳青年创新创业工场", "GBA Youth Innovation & Entrepreneurship Workshop"),
        kind="base",
        base=workshop,
        region=workshop.region,
    )
    workshop_employer.users.add(employer_user)
    huizhou_employer = _employer(
        t(
            "惠州港澳台僑綜合服務中心",
            "惠州港澳台侨综合服务中心",
            "Huizhou HK, Macau, Taiwan and Overseas Chinese Service Centre",
        ),
        kind="base",
        base=huizhou_centre,
        region=huizhou_centre.region,
    )
    huizhou_employer.users.add(employer_user)

    today = timezone.localdate()
    summer = Cohort.objects.get_or_create(
        plan=plans["futian-hk-youth-internship"],
        name_zh_hant=f"{today.year + 1} 年暑期",
        defaults={
            **_translated(
                "name", t(f"{today.year + 1} 年暑期", f"{today.year + 1} 年暑期", f"Summer {today.year + 1}")
            ),
            "starts_on": date(today.year + 1, 7, 1),
            "ends_on": date(today.year + 1, 8, 31),
            "capacity": 30,
        },
    )[0]
    batch5 = Cohort.objects.get_or_create(
        plan=plans["huizhou-hk-youth-internship"],
        name_zh_hant="第 5 批",
        defaults={
            **_translated("name", t("第 5 批", "第 5 批", "Batch 5")),
            "starts_on": date(today.year + 1, 7, 1),
            "ends_on": date(today.year + 1, 8, 31),
            "capacity": 25,
        },
    )[0]
    internship = _open_vacancy(
        workshop_employer,
        operator,
        staff,
        kind="internship",
        texts={
            **_translated(
                "title",
                t(
                    "創業團隊暑期實習生（產品與市場）",
                    "创业团队暑期实习生（产品与市场）",
                    "Start-up team summer intern (product and marketing)",
                ),
            ),
            **_translated(
                "description",
                t(
                    "在工場的港澳青年創業團隊實習兩個月：協助產品測試、市場調查及路演準備。工場距福田口岸 2.4 公里。",
                    "在工场的港澳青年创业团队实习两个月：协助产品测试、市场调查及路演准备。工场距福田口岸 2.4 公里。",
                    "Two months with a Hong Kong or Macau start-up team at the Workshop: product testing, market "
                    "research and pitch preparation. The Workshop is 2.4 km from the Futian crossing.",
                ),
            ),
            **_translated(
                "accommodation_note",
                t(
                    "可申請福田人才公寓短住（首月免費）",
                    "可申请福田人才公寓短住（首月免费）",
                    "Futian talent apartments: a short stay, first month free, on application",
                ),
            ),
        },
        city="futian",
        positions=4,
        contract_jurisdiction="mainland",
        social_insurance="plan",
        working_language="mixed",
        min_education="associate",
        starts_on=summer.starts_on,
        duration_months=2,
        cohort_id=summer.pk,
    )
    _open_vacancy(
        huizhou_employer,
        employer_user,
        staff,
        kind="internship",
        texts=_translated(
            "title", t("香港青年實習生（第 5 批）", "香港青年实习生（第 5 批）", "Hong Kong youth intern (batch 5)")
        ),
        city=huizhou_centre.region.slug,
        positions=10,
        contract_jurisdiction="mainland",
        social_insurance="plan",
        working_language="mixed",
        min_education="associate",
        starts_on=batch5.starts_on,
        duration_months=2,
        cohort_id=batch5.pk,
    )
    _open_vacancy(
        workshop_employer,
        employer_user,
        staff,
        kind="job",
        texts=_translated(
            "title",
            t("創業團隊項目助理（全職）", "创业团队项目助理（全职）", "Start-up team project assistant (full time)"),
        ),
        city="futian",
        positions=1,
        contract_jurisdiction="mainland",
        social_insurance="employer_mainland",
        working_language="putonghua",
        min_education="bachelor",
    )
    if not Application.objects.filter(vacancy=internship, applicant=youth).exists():
        application = Application.objects.create(
            vacancy=internship,
            applicant=youth,
            note="香港理工大學三年級，主修市場學。",
            education_level="bachelor",
            state_changed_at=timezone.now(),
        )
        ApplicationTransition.objects.create(application=application, actor=youth, to_state=ApplicationState.SUBMITTED)
    lines.append(
        f"opportunities: {Vacancy.objects.filter(state=VacancyState.PUBLISHED).count()} open vacancies, "
        f"{Application.objects.filter(state=ApplicationState.COMPLETED).count()} completed placements; "
        f"employer {email}"
    )
    return lines
