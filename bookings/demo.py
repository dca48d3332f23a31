"""Demo data from the seeds: what Luohu and Futian give away for free.

- Luohu's service centre for Hong Kong groups: shared offices on 2F and 29F of 罗湖商务中心, 罗湖海联之家
  on 5F, and space at 尚创峰 (佳宁娜广场 3F): "book online, schedule it, and use it for free".
- Futian's "7+" community (香港青年福田创新创业社区, 蓝花道 6 号城联物流大厦 6F): six months of free desks for
  new Hong Kong teams (商务中转站) and a free shared laboratory (ultrapure water, three-roll mill, fume
  hoods).
- Futian's talent apartments: one month free (short stay), or long stay at 50 % of market rent for
  at most one year.
- Futian's overtime rest stations: a free hotel night for people working late in Hetao.
- The youth hostel, Hong Kong/Macau/Taiwan edition: 7 free nights on application.

The seeds give no capacities, opening hours, rents or room numbers: those here are examples and
are marked so (`example_figures`), as are the opening hours (the places' own are to be confirmed).
Loaded after the places app's demo (PORTAL_APPS order), whose places it uses where they exist.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import PARTNER, role_group
from places.models import HolidayCalendar, Organisation, Place, PlaceKind, TimeZone
from portal.models import Region

from .models import AllowanceRule, Eligibility, Resource, ResourceKind, Unit

OFFICE_HOURS = "MO-FR 09:00-12:00\nMO-FR 14:00-18:00"
LAB_HOURS = "MO-FR 09:00-12:00\nMO-FR 13:30-17:30"
EVERY_NIGHT = "MO-SU 00:00-23:59"

DEMO_PARTNER = ("hotel@demo.gba-youth.example", "前台 Front desk", "zh-hans")


def t(hant: str, hans: str, en: str) -> dict[str, str]:
    return {"zh_hant": hant, "zh_hans": hans, "en": en}


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{suffix}": text for suffix, text in texts.items()}


# Places the places demo does not list: the 7+ community and Futian's housing.
NEW_PLACES: list[dict[str, Any]] = [
    {
        "slug": "futian-7plus-community",
        "kind": PlaceKind.INCUBATOR_BASE,
        "base": "香港青年福田创新创业社区",
        "name": t(
            "香港青年福田創新創業社區（「7+」社區）",
            "香港青年福田创新创业社区（“7+”社区）",
            'Futian Hong Kong Youth Innovation Community ("7+")',
        ),
        "address": t(
            "福田保稅區藍花道6號城聯物流大廈6樓",
            "福田保税区蓝花道6号城联物流大厦6楼",
            "6/F, Chenglian Logistics Building, 6 Lanhua Road, Futian Free Trade Zone",
        ),
        "description": t(
            "4,000平方米；39個團隊獲批，19個已入駐；共享實驗室及Trouble Maker創客實驗室；"
            "新到港澳團隊可免費使用辦公座位六個月。",
            "4,000平方米；39个团队获批，19个已入驻；共享实验室及Trouble Maker创客实验室；"
            "新到港澳团队可免费使用办公座位六个月。",
            "4,000 m²; 39 teams approved, 19 moved in; a shared laboratory and the Trouble Maker maker lab; "
            "new Hong Kong teams get six months of free desks.",
        ),
    },
    {
        "slug": "futian-talent-apartments",
        "kind": PlaceKind.SERVICE_CENTRE,
        "name": t(
            "福田區人才公寓（示例樓棟）", "福田区人才公寓（示例楼栋）", "Futian talent apartments (example block)"
        ),
        "description": t(
            "短住一個月免費；長住按市場租金50%收取，最長一年。",
            "短住一个月免费；长住按市场租金50%收取，最长一年。",
            "One month free for a short stay; a long stay at 50 % of market rent, for at most one year.",
        ),
    },
    {
        "slug": "hetao-overtime-rest-station",
        "kind": PlaceKind.SERVICE_CENTRE,
        "name": t(
            "河套加班驛站（合作酒店）", "河套加班驿站（合作酒店）", "Hetao overtime rest station (partner hotel)"
        ),
        "description": t(
            "在河套深港科技創新合作區加班、未能回家的香港青年，可免費入住酒店一晚。",
            "在河套深港科技创新合作区加班、未能回家的香港青年，可免费入住酒店一晚。",
            "A free hotel night for Hong Kong young people working late in the Hetao zone who cannot get home.",
        ),
    },
    {
        "slug": "futian-youth-hostel-hkmt",
        "kind": PlaceKind.SERVICE_CENTRE,
        "name": t("青年驛站（港澳台版）", "青年驿站（港澳台版）", "Youth hostel, Hong Kong/Macau/Taiwan edition"),
        "description": t(
            "來深圳購物、旅遊或探親訪友的港澳台青年，申請後可免費入住7晚，可分多次使用。",
            "来深圳购物、旅游或探亲访友的港澳台青年，申请后可免费入住7晚，可分多次使用。",
            "Seven free nights on application for young people visiting Shenzhen to shop, "
            "travel or see friends; they may be split into several stays.",
        ),
    },
]

RULES: list[dict[str, Any]] = [
    {
        "code": "youth-hostel-nights",
        "name": t("青年驛站免費住宿", "青年驿站免费住宿", "Youth hostel free nights"),
        "unit": Unit.NIGHT,
        "granted": 7,
        "period_days": 365,
    },
    {
        "code": "talent-apartment-free-month",
        "name": t("人才公寓免費一個月", "人才公寓免费一个月", "Talent apartment: one free month"),
        "unit": Unit.NIGHT,
        "granted": 30,
        "period_days": 365,
        "beyond_percent": Decimal("50"),
        "beyond_max_units": 335,
        "market_price": Decimal("150.00"),  # an example nightly market rent: the seeds give none
    },
    {
        "code": "futian-desk-six-months",
        "name": t(
            "「7+」社區免費辦公座位六個月", "“7+”社区免费办公座位六个月", '"7+" community: six months of free desks'
        ),
        "unit": Unit.DAY,
        "granted": 183,
        "period_days": 183,
    },
    {
        "code": "overtime-rest-night",
        "name": t("加班驛站免費住宿", "加班驿站免费住宿", "Overtime rest station: free nights"),
        "unit": Unit.NIGHT,
        "granted": 12,
        "period_days": 365,
    },
]

RESOURCES: list[dict[str, Any]] = [
    {
        "slug": "luohu-centre-2f-shared-office",
        "place": "luohu-hk-groups-service-centre",
        "name": t("2樓共享辦公室", "2楼共享办公室", "Shared office, 2/F"),
        "location": t("羅湖商務中心2樓", "罗湖商务中心2楼", "2/F, Luohu Business Centre"),
        "kind": ResourceKind.ROOM,
        "unit": Unit.HOUR,
        "capacity": 1,
        "eligibility": Eligibility.SIGNED_IN,
        "opening_hours": OFFICE_HOURS,
        "max_units_per_booking": 4,
        "max_units_held": 8,
        "max_days_ahead": 14,
    },
    {
        "slug": "luohu-centre-29f-meeting-room",
        "place": "luohu-hk-groups-service-centre",
        "name": t("29樓洽談室", "29楼洽谈室", "Meeting room, 29/F"),
        "location": t("羅湖商務中心29樓", "罗湖商务中心29楼", "29/F, Luohu Business Centre"),
        "kind": ResourceKind.ROOM,
        "unit": Unit.HOUR,
        "capacity": 1,
        "eligibility": Eligibility.SIGNED_IN,
        "opening_hours": OFFICE_HOURS,
        "max_units_per_booking": 3,
        "max_units_held": 6,
        "max_days_ahead": 14,
    },
    {
        "slug": "luohu-hailian-home-5f",
        "place": "luohu-hk-groups-service-centre",
        "name": t("羅湖海聯之家活動室", "罗湖海联之家活动室", "Luohu Hailian Home, activity room"),
        "location": t("羅湖商務中心5樓", "罗湖商务中心5楼", "5/F, Luohu Business Centre"),
        "kind": ResourceKind.ROOM,
        "unit": Unit.HOUR,
        "capacity": 1,
        "eligibility": Eligibility.SIGNED_IN,
        "opening_hours": OFFICE_HOURS,
        "max_units_per_booking": 4,
        "max_units_held": 8,
        "max_days_ahead": 21,
    },
    {
        "slug": "shangchuangfeng-shared-desks",
        "place": "shangchuangfeng",
        "name": t("尚創峰共享辦公座位", "尚创峰共享办公座位", "Shangchuangfeng shared desks"),
        "location": t("佳寧娜廣場3樓", "佳宁娜广场3楼", "3/F, Carrianna Plaza"),
        "kind": ResourceKind.DESK_POOL,
        "unit": Unit.DAY,
        "capacity": 12,
        "eligibility": Eligibility.SIGNED_IN,
        "opening_hours": OFFICE_HOURS,
        "max_units_per_booking": 5,
        "max_units_held": 10,
        "max_days_ahead": 14,
    },
    {
        "slug": "futian-7plus-transit-desks",
        "place": "futian-7plus-community",
        "name": t("商務中轉站辦公座位", "商务中转站办公座位", "Business transit station desks"),
        "description": t(
            "新到港澳團隊免費使用六個月，須申請及審批。",
            "新到港澳团队免费使用六个月，须申请及审批。",
            "Free for six months for newly arrived Hong Kong teams, on application.",
        ),
        "kind": ResourceKind.DESK_POOL,
        "unit": Unit.DAY,
        "capacity": 20,
        "eligibility": Eligibility.YOUTH,
        "opening_hours": OFFICE_HOURS,
        "max_units_per_booking": 183,
        "max_units_held": 183,
        "max_days_ahead": 60,
        "requires_approval": True,
        "allowance_code": "futian-desk-six-months",
    },
    {
        "slug": "futian-7plus-shared-lab",
        "place": "futian-7plus-community",
        "name": t("共享實驗室", "共享实验室", "Shared laboratory"),
        "description": t(
            "超純水、三輥研磨機、通風櫥；免費使用。",
            "超纯水、三辊研磨机、通风橱；免费使用。",
            "Ultrapure water, a three-roll mill, fume hoods; free of charge.",
        ),
        "kind": ResourceKind.LAB,
        "unit": Unit.HOUR,
        "capacity": 4,
        "eligibility": Eligibility.BASE_TEAMS,
        "opening_hours": LAB_HOURS,
        "max_units_per_booking": 4,
        "max_units_held": 12,
        "max_days_ahead": 14,
    },
    {
        "slug": "futian-talent-apartment-rooms",
        "place": "futian-talent-apartments",
        "name": t("人才公寓單間", "人才公寓单间", "Talent apartment rooms"),
        "kind": ResourceKind.ACCOMMODATION,
        "unit": Unit.NIGHT,
        "capacity": 30,
        "eligibility": Eligibility.YOUTH,
        "opening_hours": EVERY_NIGHT,
        "max_units_per_booking": 365,
        "max_units_held": 365,
        "max_days_ahead": 90,
        "requires_approval": True,
        "check_in_required": False,
        "allowance_code": "talent-apartment-free-month",
    },
    {
        "slug": "hetao-rest-station-rooms",
        "place": "hetao-overtime-rest-station",
        "name": t("加班驛站客房", "加班驿站客房", "Rest station rooms"),
        "kind": ResourceKind.ACCOMMODATION,
        "unit": Unit.NIGHT,
        "capacity": 10,
        "eligibility": Eligibility.YOUTH,
        "opening_hours": EVERY_NIGHT,
        "max_units_per_booking": 1,
        "max_units_held": 2,
        "max_days_ahead": 1,
        "check_in_required": False,
        "allowance_code": "overtime-rest-night",
    },
    {
        "slug": "youth-hostel-hkmt-rooms",
        "place": "futian-youth-hostel-hkmt",
        "name": t("青年驛站床位", "青年驿站床位", "Youth hostel rooms"),
        "kind": ResourceKind.ACCOMMODATION,
        "unit": Unit.NIGHT,
        "capacity": 20,
        "eligibility": Eligibility.YOUTH,
        "opening_hours": EVERY_NIGHT,
        "max_units_per_booking": 7,
        "max_units_held": 7,
        "max_days_ahead": 60,
        "requires_approval": True,
        "check_in_required": False,
        "allowance_code": "youth-hostel-nights",
    },
]


def _place(spec: dict[str, Any]) -> Place:
    from incubators.models import Base

    region = Region.objects.filter(slug="futian").first() or Region.objects.get(slug="shenzhen")
    organisation, _created = Organisation.objects.get_or_create(
        slug="futian-district",
        defaults=_translated("name", t("深圳市福田區", "深圳市福田区", "Futian District, Shenzhen")),
    )
    defaults: dict[str, Any] = {
        "kind": spec["kind"],
        "organisation": organisation,
        "region": region,
        "time_zone": TimeZone.SHANGHAI,
        "holiday_calendar": HolidayCalendar.MAINLAND,
        "closed_on_public_holidays": spec["kind"] == PlaceKind.INCUBATOR_BASE,
        **_translated("name", spec["name"]),
        **_translated("description", spec["description"]),
    }
    if "address" in spec:
        defaults.update(_translated("address", spec["address"]))
    if "base" in spec:
        defaults["base"] = Base.objects.filter(name_zh_hans__startswith=spec["base"], place__isnull=True).first()
    place, _created = Place.objects.get_or_create(slug=spec["slug"], defaults=defaults)
    return place


def load() -> list[str]:
    for spec in NEW_PLACES:
        _place(spec)
    for spec in RULES:
        fields = {key: value for key, value in spec.items() if key not in ("code", "name")}
        AllowanceRule.objects.get_or_create(code=spec["code"], defaults={**fields, **_translated("name", spec["name"])})
    created = 0
    for spec in RESOURCES:
        place = Place.objects.filter(slug=spec["place"]).first()
        if place is None:
            continue
        fields = {
            key: value for key, value in spec.items() if key not in ("slug", "place", "name", "location", "description")
        }
        translated = {**_translated("name", spec["name"])}
        for field in ("location", "description"):
            if field in spec:
                translated.update(_translated(field, spec[field]))
        _resource, was_created = Resource.objects.get_or_create(
            slug=spec["slug"], defaults={"place": place, "example_figures": True, **fields, **translated}
        )
        created += was_created

    email, full_name, language = DEMO_PARTNER
    partner, new = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "preferred_language": language}
    )
    if new:
        partner.set_password(DEMO_PASSWORD)
        partner.save(update_fields=["password"])
    partner.groups.add(role_group(PARTNER))
    for resource in Resource.objects.filter(kind=ResourceKind.ACCOMMODATION):
        resource.partners.add(partner)
    return [
        f"bookings: {len(RESOURCES)} resources ({created} new), {len(RULES)} allowance rules; partner hotel {email}"
    ]
