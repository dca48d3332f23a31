"""Demo programmes, from the seeds (DOMAIN.md, "Events and exchanges").

- "10,000 youths to Huizhou" (万名青年到惠州, Huizhou's United Front Work Department with Hong Kong
  Huizhou associations): 148 batches received 11,193 Hong Kong and Macau youths, 4,230 of them on
  their first visit. The batches are generated as past sessions, the participants as accounts
  without a password (4,230 people, 11,193 attendances: each person's first batch is their first
  visit), with bulk inserts, so the programme's figures are the seeds' own. The seeds give no
  dates of the batches nor any no-shows: the batches are spread evenly over the last three years
  and none is marked no-show.
- The Huizhou (Hong Kong) talent station's talent exchanges (319 batches in a year, in the
  description; not generated).
- Futian's city-integration activities: the Futian study tour and summer camps (nearly 40
  activities and over 2,000 participants for the 25th anniversary of the handover, in the
  description).
- The Futian CBD Youth College's Hong Kong branch: startup, workplace and interest courses.

Coming sessions are placed relative to today, so that the demo can always be registered for.
Idempotent: programmes are looked up by slug; sessions and participants are only generated for
a programme that has none.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import cycle
from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import ORGANISER, role_group
from places.models import Organisation, Place

from .models import Allocation, Audience, Programme, ProgrammeKind, Registration, RegistrationState, Residency, Session

HUIZHOU_BATCHES = 148
HUIZHOU_PARTICIPANTS = 11193
HUIZHOU_FIRST_TIMERS = 4230
HUIZHOU_BATCH_CAPACITY = 80

DEMO_ORGANISER = ("organiser@demo.gba-youth.example", "林曉彤 Lam Hiu Tung", "zh-hant")


def t(hant: str, hans: str, en: str) -> dict[str, str]:
    return {"zh_hant": hant, "zh_hans": hans, "en": en}


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{suffix}": value for suffix, value in texts.items()}


PROGRAMMES: list[dict[str, Any]] = [
    {
        "slug": "10000-youths-to-huizhou",
        "kind": ProgrammeKind.EXCHANGE_TRIP,
        "organisation": "huizhou-united-front",
        "name": t("萬名青年到惠州", "万名青年到惠州", "10,000 youths to Huizhou"),
        "description": t(
            "中共惠州市委統戰部聯合「惠州新動力」等香港惠屬社團舉辦的交流團，帶港澳青年走進惠州。"
            "截至目前已接待148批次共11,193名港澳青年，其中4,230人首次來惠州。名額有限時以抽籤分配，首次參加者優先。",
            "中共惠州市委统战部联合“惠州新动力”等香港惠属社团举办的交流团，带港澳青年走进惠州。"
            "截至目前已接待148批次共11,193名港澳青年，其中4,230人首次来惠州。名额有限时以抽签分配，首次参加者优先。",
            "Exchange trips run by the United Front Work Department of the CPC Huizhou Committee with Hong Kong "
            "Huizhou associations such as 惠州新動力. So far 148 batches have brought 11,193 Hong Kong and Macau young "
            "people to Huizhou, 4,230 of them for the first time. When places are scarce they are drawn by lottery, "
            "first-timers first.",
        ),
        "min_age": 16,
        "max_age": 40,
    },
    {
        "slug": "huizhou-hk-talent-exchanges",
        "kind": ProgrammeKind.TALK,
        "organisation": "huizhou-hk-federation",
        "name": t(
            "惠州（香港）人才工作站人才交流",
            "惠州（香港）人才工作站人才交流",
            "Huizhou (Hong Kong) talent station exchanges",
        ),
        "description": t(
            "人才工作站聯合惠州市直部門介紹惠州科技創新發展動態，以及高校、科研機構和企業的技術與人才需求；一年內組織人才交流活動319批次。",
            "人才工作站联合惠州市直部门介绍惠州科技创新发展动态，以及高校、科研机构和企业的技术与人才需求；一年内组织人才交流活动319批次。",
            "The talent station and Huizhou's municipal departments present Huizhou's innovation and the technology "
            "and talent needs of its universities, research institutes and companies; 319 batches of talent exchanges "
            "in a year.",
        ),
        "audience": Audience.GRADUATES,
        "min_age": 18,
        "max_age": 45,
    },
    {
        "slug": "futian-study-tour",
        "kind": ProgrammeKind.ACTIVITY,
        "organisation": "futian-youth-league",
        "name": t("福田研學團與夏令營", "福田研学团与夏令营", "Futian study tours and summer camps"),
        "description": t(
            "福田的城市融入活動：福田研學團、夏令營等，已有數以千計的香港青年參加。香港回歸25周年期間舉辦近40場活動，參與人數逾2,000人。",
            "福田的城市融入活动：福田研学团、夏令营等，已有数以千计的香港青年参加。香港回归25周年期间举办近40场活动，参与人数逾2,000人。",
            "Futian's city-integration activities, the Futian study tour, summer camps and others, have welcomed "
            "thousands of Hong Kong young people; nearly 40 activities with over 2,000 participants marked the 25th "
            "anniversary of the handover.",
        ),
        "residency": Residency.HONG_KONG,
        "audience": Audience.STUDENTS,
        "min_age": 15,
        "max_age": 30,
    },
    {
        "slug": "cbd-youth-college-courses",
        "kind": ProgrammeKind.COURSE,
        "organisation": "futian-youth-league",
        "name": t(
            "福田CBD青年學院香港青年分院課程",
            "福田CBD青年学院香港青年分院课程",
            "Futian CBD Youth College (Hong Kong branch) courses",
        ),
        "description": t(
            "創業類、職場類、興趣類三大類培訓課程，幫助香港青年融入福田的工作與生活。",
            "创业类、职场类、兴趣类三大类培训课程，帮助香港青年融入福田的工作与生活。",
            "Startup, workplace and interest courses, to help Hong Kong young people settle into work and life in "
            "Futian.",
        ),
        "residency": Residency.HONG_KONG,
        "min_age": 18,
        "max_age": 45,
    },
]

# programme slug, title, place slug or None, meeting point, days from today, hours, capacity, allocation
COMING = [
    (
        "10000-youths-to-huizhou",
        t(
            "萬名青年到惠州 第149批：仲愷高新區一天行",
            "万名青年到惠州 第149批：仲恺高新区一天行",
            "Batch 149: a day in Zhongkai",
        ),
        "huizhou-hkmtw-service-centre",
        t("福田口岸集合", "福田口岸集合", "Meet at Futian port"),
        24,
        10,
        80,
        Allocation.LOTTERY,
    ),
    (
        "10000-youths-to-huizhou",
        t(
            "萬名青年到惠州 第150批：惠州兩天交流",
            "万名青年到惠州 第150批：惠州两天交流",
            "Batch 150: two days in Huizhou",
        ),
        None,
        t("紅磡港鐵站 A1 出口集合", "红磡港铁站 A1 出口集合", "Meet at Hung Hom MTR station, exit A1"),
        38,
        34,
        80,
        Allocation.LOTTERY,
    ),
    (
        "huizhou-hk-talent-exchanges",
        t(
            "惠州科技創新與人才需求分享會",
            "惠州科技创新与人才需求分享会",
            "Huizhou's innovation and talent needs: a briefing",
        ),
        "huizhou-hk-talent-station",
        t("", "", ""),
        10,
        3,
        60,
        Allocation.FIRST_COME,
    ),
    (
        "futian-study-tour",
        t(
            "福田研學團：河套與福田中心區",
            "福田研学团：河套与福田中心区",
            "Futian study tour: Hetao and the Futian centre",
        ),
        None,
        t("福田口岸出境大堂集合", "福田口岸出境大堂集合", "Meet in the departure hall of Futian port"),
        17,
        8,
        40,
        Allocation.FIRST_COME,
    ),
    (
        "futian-study-tour",
        t("福田青年夏令營（五天）", "福田青年夏令营（五天）", "Futian youth summer camp (five days)"),
        None,
        t("福田口岸出境大堂集合", "福田口岸出境大堂集合", "Meet in the departure hall of Futian port"),
        45,
        106,
        60,
        Allocation.LOTTERY,
    ),
    (
        "cbd-youth-college-courses",
        t(
            "創業類課程：由構思到註冊公司",
            "创业类课程：由构思到注册公司",
            "Startup course: from an idea to a registered company",
        ),
        "futian-cbd-youth-college-hk",
        t("", "", ""),
        12,
        3,
        30,
        Allocation.FIRST_COME,
    ),
    (
        "cbd-youth-college-courses",
        t(
            "職場類課程：內地職場溝通與求職",
            "职场类课程：内地职场沟通与求职",
            "Workplace course: communication and job hunting on the mainland",
        ),
        "futian-cbd-youth-college-hk",
        t("", "", ""),
        19,
        3,
        30,
        Allocation.FIRST_COME,
    ),
    (
        "cbd-youth-college-courses",
        t("興趣類課程：深圳城市攝影", "兴趣类课程：深圳城市摄影", "Interest course: photographing Shenzhen"),
        "futian-cbd-youth-college-hk",
        t("", "", ""),
        26,
        3,
        20,
        Allocation.FIRST_COME,
    ),
]


def _huizhou_history(programme: Programme) -> int:
    """148 past batches with 11,193 attendances by 4,230 people: the batches take the people in
    turn (a cycle over all of them), so each person's first batch is their first visit and the
    first-timers are exactly the people. Bulk inserts: a few seconds."""
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    first = today - timedelta(days=7 * HUIZHOU_BATCHES + 14)
    sessions = Session.objects.bulk_create(
        [
            Session(
                programme=programme,
                **_translated(
                    "title",
                    t(f"萬名青年到惠州 第{n}批", f"万名青年到惠州 第{n}批", f"10,000 youths to Huizhou, batch {n}"),
                ),
                **_translated("meeting_point", t("福田口岸集合", "福田口岸集合", "Meet at Futian port")),
                starts_at=first + timedelta(days=7 * (n - 1)),
                ends_at=first + timedelta(days=7 * (n - 1), hours=10),
                capacity=HUIZHOU_BATCH_CAPACITY,
                registration_opens_at=first + timedelta(days=7 * (n - 1) - 21),
                registration_closes_at=first + timedelta(days=7 * (n - 1) - 7),
                allocation=Allocation.LOTTERY,
                allocated_at=first + timedelta(days=7 * (n - 1) - 7),
                attendance_closed_at=first + timedelta(days=7 * (n - 1), hours=13),
            )
            for n in range(1, HUIZHOU_BATCHES + 1)
        ]
    )
    unusable = "!"  # no password: these people cannot sign in (Django's unusable password)
    people = User.objects.bulk_create(
        [
            User(
                email=f"huizhou-participant-{i:05d}@demo.gba-youth.example",
                full_name=f"參加者 {i:05d}",
                password=unusable,
                preferred_language="zh-hant",
            )
            for i in range(1, HUIZHOU_FIRST_TIMERS + 1)
        ],
        batch_size=2000,
    )
    base, extra = divmod(HUIZHOU_PARTICIPANTS, HUIZHOU_BATCHES)
    turn = cycle(people)
    seen: set[int] = set()
    rows = []
    for index, session in enumerate(sessions):
        for _ in range(base + (1 if index < extra else 0)):
            person = next(turn)
            rows.append(
                Registration(
                    session=session,
                    user=person,
                    party_size=1,
                    state=RegistrationState.ATTENDED,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    first_timer=person.pk not in seen,
                    confirmed_at=session.allocated_at,
                    checked_in_at=session.starts_at,
                )
            )
            seen.add(person.pk)
    Registration.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def load() -> list[str]:
    email, full_name, language = DEMO_ORGANISER
    organiser, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "preferred_language": language}
    )
    if created:
        organiser.set_password(DEMO_PASSWORD)
        organiser.save(update_fields=["password"])
    organiser.groups.add(role_group(ORGANISER))
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in={p["organisation"] for p in PROGRAMMES})}
    programmes = {}
    for spec in PROGRAMMES:
        programme, _ = Programme.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "organisation": organisations.get(spec["organisation"]),
                "min_age": spec.get("min_age", 18),
                "max_age": spec.get("max_age", 45),
                "residency": spec.get("residency", Residency.HONG_KONG_OR_MACAU),
                "audience": spec.get("audience", Audience.ANYONE),
                **_translated("name", spec["name"]),
                **_translated("description", spec["description"]),
            },
        )
        programme.organisers.add(organiser)
        programmes[programme.slug] = programme
    generated = 0
    huizhou = programmes["10000-youths-to-huizhou"]
    if settings.PORTAL_DEMO_HISTORY and not huizhou.sessions.exists():
        generated = _huizhou_history(huizhou)
    places = {p.slug: p for p in Place.objects.filter(slug__in={row[2] for row in COMING if row[2]})}
    today = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    new_sessions = 0
    for slug, title, place, meeting, days, hours, capacity, allocation in COMING:
        programme = programmes[slug]
        if programme.sessions.filter(title_zh_hant=title["zh_hant"]).exists():
            continue
        starts = today + timedelta(days=days)
        Session.objects.create(
            programme=programme,
            place=places.get(place or ""),
            **_translated("title", title),
            **_translated("meeting_point", meeting),
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            capacity=capacity,
            allocation=allocation,
            registration_opens_at=today - timedelta(days=3),
            registration_closes_at=starts - timedelta(days=7),
        )
        new_sessions += 1
    return [
        f"events: {len(PROGRAMMES)} programmes, {new_sessions} coming sessions; Huizhou's {HUIZHOU_BATCHES} batches "
        f"with {generated} attendances generated; organiser {email}"
    ]
