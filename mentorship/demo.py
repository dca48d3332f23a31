"""Demo data for the GBA Workplace Mentor Programme (大湾区职场导师计划, Luohu, June 2023).

Idempotent: every row is looked up by a natural key (user email, mentor-mentee pair, activity
title, service topic). Dates are relative to today so the demo always looks current. Rows are
written directly rather than through the services because `load_demo` runs each app's loader
inside one transaction (the services open durable transactions of their own); the same rules are
respected: services fall inside the relationship and fit the mentee's status on their date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict

from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_user
from accounts.models import User
from accounts.roles import MENTOR, YOUTH, role_group
from portal.invariants import known

from . import rules, services
from .models import (
    ActivityInvitation,
    Mentee,
    MenteeStatusChange,
    Mentor,
    MentorRelationship,
    PublicWelfareActivity,
    Service,
)

# A text in zh-hant, zh-hans and en.
Texts = tuple[str, str, str]


class MentorProfile(TypedDict):
    full_name: NotRequired[str]  # not for the demo mentor, an account of accounts.demo
    display_name: Texts
    industries: Texts
    employer: Texts
    mainland_experience: Texts
    district: Texts
    bio: Texts
    languages: str


# Approved mentors: Hong Kong people with mainland workplace experience (profiles in three languages).
MENTORS: dict[str, MentorProfile] = {
    "mentor": {
        "display_name": ("李志明", "李志明", "Lee Chi Ming"),
        "industries": ("金融科技、跨境支付", "金融科技、跨境支付", "Fintech, cross-border payments"),
        "employer": ("深圳一家持牌支付機構", "深圳一家持牌支付机构", "A licensed payment company in Shenzhen"),
        "mainland_experience": (
            "在羅湖及前海工作九年，負責深港跨境支付產品；曾協助數字人民幣跨境支付測試。",
            "在罗湖及前海工作九年，负责深港跨境支付产品；曾协助数字人民币跨境支付测试。",
            "Nine years in Luohu and Qianhai building Shenzhen-Hong Kong payment products; worked on the "
            "cross-border digital RMB payment trials.",
        ),
        "district": ("羅湖區", "罗湖区", "Luohu"),
        "bio": (
            "香港長大，2015 年北上工作。樂意分享在深圳求職、簽勞動合同及參加社保的經驗。",
            "香港长大，2015 年北上工作。乐意分享在深圳求职、签劳动合同及参加社保的经验。",
            "Grew up in Hong Kong, moved to Shenzhen in 2015. Happy to share how to find a job, sign a "
            "labour contract and join social insurance in Shenzhen.",
        ),
        "languages": "粵語 Cantonese, 普通話 Putonghua, English",
    },
    "mentor.chan@demo.gba-youth.example": {
        "full_name": "陳美玲 Chan Mei Ling",
        "display_name": ("陳美玲", "陈美玲", "Chan Mei Ling"),
        "industries": ("物流、供應鏈", "物流、供应链", "Logistics, supply chain"),
        "employer": ("文錦渡一家跨境物流公司", "文锦渡一家跨境物流公司", "A cross-border logistics firm at Wenjindu"),
        "mainland_experience": (
            "在文錦渡口岸片區從事跨境物流管理七年。",
            "在文锦渡口岸片区从事跨境物流管理七年。",
            "Seven years managing cross-border logistics around the Wenjindu port.",
        ),
        "district": ("羅湖區", "罗湖区", "Luohu"),
        "bio": (
            "帶領過二十多名港澳實習生。",
            "带领过二十多名港澳实习生。",
            "Has supervised more than twenty HK/Macau interns.",
        ),
        "languages": "粵語 Cantonese, 普通話 Putonghua",
    },
    "mentor.ng@demo.gba-youth.example": {
        "full_name": "吳家豪 Ng Ka Ho",
        "display_name": ("吳家豪", "吴家豪", "Ng Ka Ho"),
        "industries": ("智能硬件、電子", "智能硬件、电子", "Smart hardware, electronics"),
        "employer": (
            "華強北一家智能硬件初創企業",
            "华强北一家智能硬件初创企业",
            "A smart-hardware start-up in Huaqiangbei",
        ),
        "mainland_experience": (
            "在福田華強北創業六年，熟悉硬件供應鏈與融資。",
            "在福田华强北创业六年，熟悉硬件供应链与融资。",
            "Six years running a start-up in Huaqiangbei, Futian: hardware supply chains and financing.",
        ),
        "district": ("福田區", "福田区", "Futian"),
        "bio": (
            "粵港澳青年創新創業工場校友。",
            "粤港澳青年创新创业工场校友。",
            "Alumnus of the GBA Youth Innovation & Entrepreneurship Workshop.",
        ),
        "languages": "粵語 Cantonese, English",
    },
    "mentor.ho@demo.gba-youth.example": {
        "full_name": "何詠欣 Ho Wing Yan",
        "display_name": ("何詠欣", "何咏欣", "Ho Wing Yan"),
        "industries": ("法律、合規", "法律、合规", "Law, compliance"),
        "employer": (
            "前海一家深港聯營律師事務所",
            "前海一家深港联营律师事务所",
            "A Shenzhen-Hong Kong joint-venture law firm in Qianhai",
        ),
        "mainland_experience": (
            "在前海深港現代服務業合作區執業五年。",
            "在前海深港现代服务业合作区执业五年。",
            "Five years practising in the Qianhai Shenzhen-Hong Kong Modern Service Industry Cooperation Zone.",
        ),
        "district": ("南山區前海", "南山区前海", "Qianhai, Nanshan"),
        "bio": (
            "協助港人了解內地勞動法。",
            "协助港人了解内地劳动法。",
            "Helps Hong Kong people understand mainland labour law.",
        ),
        "languages": "粵語 Cantonese, 普通話 Putonghua, English",
    },
}

# Extra youth mentees (email, full name, status, status since (days ago)).
EXTRA_YOUTH = [
    ("youth.cheung@demo.gba-youth.example", "張穎琳 Cheung Wing Lam", "unemployed", 400),
    ("youth.lam@demo.gba-youth.example", "林浩然 Lam Ho Yin", "unemployed", 300),
    ("youth.cheng@demo.gba-youth.example", "鄭詠詩 Cheng Wing Sze", "employed", 500),
]


def _user(email: str, full_name: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "preferred_language": "zh-hant"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(role_group(role))
    return user


def _mentor(user: User, profile: Mapping[str, Any]) -> Mentor:
    values = {"status": Mentor.Status.APPROVED, "languages": profile["languages"], "reviewed_at": timezone.now()}
    for field in ("display_name", "industries", "employer", "mainland_experience", "district", "bio"):
        hant, hans, en = profile[field]
        values.update({field: hant, f"{field}_zh_hant": hant, f"{field}_zh_hans": hans, f"{field}_en": en})
    mentor, _created = Mentor.objects.get_or_create(user=user, defaults=values)
    user.groups.add(role_group(MENTOR))
    return mentor


def _mentee(user: User, status: str, since: dt.date, history: Sequence[tuple[str, dt.date]] = ()) -> Mentee:
    mentee, _created = Mentee.objects.get_or_create(user=user, defaults={"status": status, "status_since": since})
    for change_status, change_since in [(status, since), *history]:
        MenteeStatusChange.objects.get_or_create(mentee=mentee, since=change_since, defaults={"status": change_status})
    latest = mentee.status_changes.order_by("-since").first()
    latest = known(latest, "latest")  # the changes just written
    Mentee.objects.filter(pk=mentee.pk).update(status=latest.status, status_since=latest.since)
    return mentee


def _relationship(mentor: Mentor, mentee: Mentee, start: dt.date) -> MentorRelationship:
    relationship, _created = MentorRelationship.objects.get_or_create(
        mentor=mentor, mentee=mentee, defaults={"start_date": start, "end_date": rules.relationship_end_date(start)}
    )
    return relationship


def _service(relationship: MentorRelationship, kind: str, topic: str, date: dt.date, **fields) -> None:
    Service.objects.get_or_create(
        relationship=relationship,
        kind=kind,
        topic=topic,
        defaults={"date": date, "logged_by": relationship.mentor.user, **fields},
    )


def load() -> list[str]:
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731

    mentors = []
    for key, profile in MENTORS.items():
        user = demo_user("mentor") if key == "mentor" else _user(key, profile["full_name"], MENTOR)
        mentors.append(_mentor(user, profile))
    lee = mentors[0]

    youth = _mentee(demo_user("youth"), "employed", ago(400))
    youth2 = _mentee(demo_user("youth2"), "unemployed", ago(365), history=[("employed", ago(75))])
    extra = [_mentee(_user(email, name, YOUTH), status, ago(days)) for email, name, status, days in EXTRA_YOUTH]

    # The demo mentor: four mentees, one place free.
    with_youth = _relationship(lee, youth, ago(120))
    with_youth2 = _relationship(lee, youth2, ago(200))
    with_cheung = _relationship(lee, extra[0], ago(90))
    with_cheng = _relationship(lee, extra[2], ago(345))  # ends within 30 days: a reminder
    _relationship(mentors[1], extra[1], ago(60))

    _service(with_youth, "career_guidance", "在深圳簽勞動合同要注意甚麼", ago(100))
    _service(with_youth, "career_guidance", "深港跨境社保服務通", ago(70))
    _service(with_youth, "career_guidance", "年度績效面談準備", ago(30))
    _service(with_cheung, "internship_guidance", "協助整理跨境支付產品資料", ago(80), days=5)
    _service(with_cheung, "internship_guidance", "參與客戶需求訪談", ago(40), days=7)
    _service(
        with_youth2,
        "job_referral",
        "推薦至羅湖商務中心的港資企業",
        ago(90),
        employer="深圳市羅湖區某港資貿易有限公司",
        position="跨境電商專員",
        hired_on=ago(75),
        insured_months=2,
    )
    _service(with_cheng, "career_guidance", "轉職前海的考慮", ago(300))

    activity, _created = PublicWelfareActivity.objects.get_or_create(
        title_zh_hant="港澳青年就業創業分享會（羅湖商務中心）",
        defaults={
            "title": "港澳青年就業創業分享會（羅湖商務中心）",
            "title_zh_hans": "港澳青年就业创业分享会（罗湖商务中心）",
            "title_en": "HK/Macau youth employment and entrepreneurship sharing session (Luohu Business Centre)",
            "description": "由羅湖區人力資源局邀請職場導師分享在大灣區就業創業的經驗。",
            "description_zh_hans": "由罗湖区人力资源局邀请职场导师分享在大湾区就业创业的经验。",
            "description_en": "Mentors invited by the Luohu HR bureau share their experience of working in the GBA.",
            "location": "羅湖商務中心 2 樓 香港團體服務中心",
            "location_zh_hans": "罗湖商务中心 2 楼 香港团体服务中心",
            "location_en": "Hong Kong Groups Service Centre, Luohu Business Centre 2F",
            "date": ago(20),
        },
    )
    invitation, _created = ActivityInvitation.objects.get_or_create(activity=activity, mentor=lee)
    if not invitation.attended:
        invitation.attended = True
        invitation.attendance_recorded_at = timezone.now()
        invitation.save(update_fields=["attended", "attendance_recorded_at"])
    for mentor in mentors[1:3]:
        ActivityInvitation.objects.get_or_create(activity=activity, mentor=mentor)

    # A youth asking for a mentor, for staff to match.
    waiting_user = _user("youth.yeung@demo.gba-youth.example", "楊子軒 Yeung Tsz Hin", YOUTH)
    waiting = _mentee(waiting_user, "unemployed", ago(30))
    if not waiting.relationships.exists():
        Mentee.objects.filter(pk=waiting.pk).update(
            wants_mentor=True, requested_mentor=lee, interests="想了解深圳金融科技行業的實習機會"
        )

    for mentor in mentors:
        services.entitlement_recompute(mentor_id=mentor.pk)
    lee.refresh_from_db()
    return [f"mentor    {lee.user.email:<38} entitled to {lee.entitlement.total} RMB"]
