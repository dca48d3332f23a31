"""Demo bases and monthly reports, from the seeds (DOMAIN.md).

What the seeds give is used as given: the Workshop's address, area, opening, recognition and
figures; the "7+" community's address, area and services; Luohu's 尚创峰 at 佳宁娜广场 3F; Qianhai as
the lead of the "1+10+N" layout; the Huizhou centre; the CityU reverse enclave; Hetao under
construction. The seeds name only some of the 7 municipal bases recognised in 2022: the other four
(Nanshan, Bao'an, Longgang, Longhua) are illustrative, and say so in their description. Per-base
figures other than the Workshop's are chosen so that the 7 municipal bases add up exactly to the
seeds' city-wide totals at the end of June 2023: 1,582 projects incubated, 962 HK/Macau (61 %),
628 incubating, 455 HK/Macau. January to May 2023 are scaled down from June so trends show.

Each base is placed in the portal's one geography (portal.Region): its district or zone (REGIONS).

Idempotent: regions are looked up by slug, bases by their Simplified Chinese name, reports by (base, period); rows
that exist are left alone (no new history rows on a second load).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

from portal.models import Region

from .models import Base, ProjectCountReport, RecognitionLevel

# A text in each language: {"zh_hant": ..., "zh_hans": ..., "en": ...}.
Texts = dict[str, str]

# June's figures: incubated to date (all, HK/Macau), incubating (all, HK/Macau), team members
# (all, HK/Macau), IP items, financing to date (RMB).
JuneFigures = tuple[int, int, int, int, int, int, int, Decimal]


class BaseSpec(TypedDict):
    key: str
    name: Texts
    region: str  # a slug of REGIONS: the base's district or zone
    address: Texts
    description: Texts
    focus: NotRequired[Texts]
    services: NotRequired[Texts]
    crossing: NotRequired[Texts]
    level: NotRequired[str]
    year: NotRequired[int]
    area: NotRequired[Decimal]
    opened: NotRequired[date]
    maker_space: NotRequired[bool]
    distance: NotRequired[Decimal]
    june: NotRequired[JuneFigures]  # with January to May scaled down from it
    june_only: NotRequired[JuneFigures]


def t(hant: str, hans: str, en: str) -> Texts:
    return {"zh_hant": hant, "zh_hans": hans, "en": en}


# The places the bases are in (portal.Region), parents first: looked up by slug, created with these
# names when missing (the policy guides' demo data names most of them first, and its names stay).
REGIONS: list[tuple[str, str, str | None, Texts]] = [
    ("shenzhen", "city", None, t("深圳", "深圳", "Shenzhen")),
    ("futian", "district", "shenzhen", t("福田區", "福田区", "Futian District")),
    ("luohu", "district", "shenzhen", t("羅湖區", "罗湖区", "Luohu District")),
    ("nanshan", "district", "shenzhen", t("南山區", "南山区", "Nanshan District")),
    ("baoan", "district", "shenzhen", t("寶安區", "宝安区", "Bao'an District")),
    ("longgang", "district", "shenzhen", t("龍崗區", "龙岗区", "Longgang District")),
    ("longhua", "district", "shenzhen", t("龍華區", "龙华区", "Longhua District")),
    ("qianhai", "zone", "shenzhen", t("前海", "前海", "Qianhai")),
    (
        "hetao",
        "zone",
        "futian",
        t(
            "河套深港科技創新合作區",
            "河套深港科技创新合作区",
            "Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone",
        ),
    ),
    ("huizhou", "city", None, t("惠州", "惠州", "Huizhou")),
    ("zhongkai", "district", "huizhou", t("仲愷高新區", "仲恺高新区", "Zhongkai High-tech Zone")),
    ("hong-kong", "city", None, t("香港", "香港", "Hong Kong")),
    ("kowloon-tong", "district", "hong-kong", t("九龍塘", "九龙塘", "Kowloon Tong")),
]
ILLUSTRATIVE = t(
    "示範基地：名稱、地址和數字只供示範用途。",
    "示例基地：名称、地址和数字仅供演示。",
    "Illustrative base: its name, address and figures are for the demonstration only.",
)

BASES: list[BaseSpec] = [
    {
        "key": "qianhai",
        "name": t(
            "前海深港青年夢工場", "前海深港青年梦工场", "Qianhai Shenzhen-Hong Kong Youth Innovation & Entrepreneur Hub"
        ),
        "region": "qianhai",
        "address": t("前海深港合作區", "前海深港合作区", "Qianhai Shenzhen-Hong Kong Cooperation Zone"),
        "description": t(
            "深圳「1+10+N」港澳青年創新創業基地空間佈局的龍頭基地。",
            "深圳“1+10+N”港澳青年创新创业基地空间布局的龙头基地。",
            "The lead (the “1”) of Shenzhen's “1+10+N” layout of HK/Macau youth innovation bases.",
        ),
        "level": RecognitionLevel.MUNICIPAL,
        "year": 2022,
        "focus": t("科技創新\n現代服務業", "科技创新\n现代服务业", "Technology innovation\nModern services"),
        "services": t(
            "創業輔導\n政策諮詢\n融資對接",
            "创业辅导\n政策咨询\n融资对接",
            "Startup coaching\nPolicy advice\nFinancing matchmaking",
        ),
        "june": (702, 398, 236, 158, 2860, 1030, 1180, Decimal("2860000000")),
    },
    {
        "key": "workshop",
        "name": t(
            "粵港澳青年創新創業工場", "粤港澳青年创新创业工场", "GBA Youth Innovation & Entrepreneurship Workshop"
        ),
        "region": "futian",
        "address": t(
            "福田區深港科技創新合作區長富金茂大廈19樓及21樓",
            "福田区深港科技创新合作区长富金茂大厦19层及21层",
            "19/F and 21/F, Changfu Jinmao Tower, Shenzhen-Hong Kong Science and Technology Innovation "
            "Cooperation Zone, Futian",
        ),
        "description": t(
            "向來深創業的香港青年提供孵化加速平台；入駐團隊成員來自多間香港高校。",
            "向来深创业的香港青年提供孵化加速平台；入驻团队人员涵盖香港多所高校的毕业生和教授。",
            "An incubation and acceleration platform for Hong Kong young people starting businesses in "
            "Shenzhen; its teams include graduates and professors of several Hong Kong universities.",
        ),
        "area": Decimal("3500"),
        "opened": date(2018, 8, 1),
        "level": RecognitionLevel.MUNICIPAL,
        "year": 2022,
        "maker_space": True,
        "crossing": t(
            "福田口岸（皇崗口岸 3.1 公里）", "福田口岸（皇岗口岸 3.1 公里）", "Futian Port (Huanggang Port 3.1 km)"
        ),
        "distance": Decimal("2.4"),
        "focus": t(
            "人工智能\n物聯網\n醫療科技\n新材料",
            "人工智能\n物联网\n医疗科技\n新材料",
            "Artificial intelligence\nInternet of things\nMedical technology\nNew materials",
        ),
        "services": t(
            "創業輔導\n政策解讀\n人才對接\n貸款融資\n宣傳推介\n市場拓展\n人才住房\n城市融入",
            "创业辅导\n政策解读\n人才对接\n贷款融资\n宣传推介\n市场拓展\n人才住房\n城市融入",
            "Startup coaching\nPolicy explanation\nTalent matchmaking\nLoans and financing\nPublicity\n"
            "Market development\nTalent housing\nCity integration",
        ),
        # the seeds: 23 teams, 21 HK/Macau; 358 members, 54 HK/Macau; 199 IP items; 2.775 億 RMB
        "june": (23, 21, 15, 14, 358, 54, 199, Decimal("277500000")),
    },
    {
        "key": "shangchuangfeng",
        "name": t("尚創峰粵港青年雙創基地", "尚创峰粤港青年双创基地", "Shangchuangfeng Guangdong-Hong Kong Youth Base"),
        "region": "luohu",
        "address": t("羅湖區佳寧娜廣場3樓", "罗湖区佳宁娜广场3楼", "3/F, Carrianna Plaza, Luohu"),
        "description": t(
            "深圳唯一一家港商獨資的粵港青年創新創業基地。",
            "深圳唯一一家港商独资的粤港青年创新创业基地。",
            "The only wholly Hong Kong-owned GBA youth innovation base in Shenzhen.",
        ),
        "level": RecognitionLevel.MUNICIPAL,
        "year": 2022,
        "crossing": t("羅湖口岸", "罗湖口岸", "Luohu Port"),
        "services": t("共享辦公\n創業輔導", "共享办公\n创业辅导", "Shared offices\nStartup coaching"),
        "june": (186, 142, 78, 63, 640, 310, 152, Decimal("186000000")),
    },
    {
        "key": "nanshan",
        "name": t("南山港澳青年創新創業基地", "南山港澳青年创新创业基地", "Nanshan HK/Macau Youth Innovation Base"),
        "region": "nanshan",
        "address": t("南山區（示範）", "南山区（示例）", "Nanshan (illustrative)"),
        "description": ILLUSTRATIVE,
        "level": RecognitionLevel.MUNICIPAL,
        "year": 2022,
        "june": (214, 126, 92, 66, 720, 260, 240, Decimal("420000000")),
    },
    {
        "key": "baoan",
        "name": t("寶安港澳青年創新創業基地", "宝安港澳青年创新创业基地", "Bao'an HK/Macau Youth Innovation Base"),
        "region": "baoan",
        "address": t("寶安區（示範）", "宝安区（示例）", "Bao'an (illustrative)"),
        "description": ILLUSTRATIVE,
        "level": RecognitionLevel.MUNICIPAL,
        "year": 2022,
        "june": (168, 92, 74, 52, 520, 190, 130, Decimal("150000000")),
    },
    {
        "key": "longgang",
        "name": t(
            "龍崗深港青年創新創業基地", "龙岗深港青年创新创业基地", "Longgang Shenzhen-Hong Kong Youth Innovation Base"
        ),
        "region": "longgang",
        "address": t("龍崗區（示範）", "龙岗区（示例）", "Longgang (illustrative)"),
        "description": ILLUSTRATIVE,
        "level": RecognitionLevel.MUNICIPAL,
        "year": 2022,
        "june": (152, 88, 70, 50, 480, 170, 115, Decimal("120000000")),
    },
    {
        "key": "longhua",
        "name": t("龍華港澳青年創新創業基地", "龙华港澳青年创新创业基地", "Longhua HK/Macau Youth Innovation Base"),
        "region": "longhua",
        "address": t("龍華區（示範）", "龙华区（示例）", "Longhua (illustrative)"),
        "description": ILLUSTRATIVE,
        "level": RecognitionLevel.MUNICIPAL,
        "year": 2022,
        "june": (137, 95, 63, 52, 410, 150, 96, Decimal("98000000")),
    },
    {
        "key": "seven_plus",
        "name": t(
            "香港青年福田創新創業社區（「7+」社區）",
            "香港青年福田创新创业社区（“7+”社区）",
            "Hong Kong Youth Futian Innovation Community (“7+” community)",
        ),
        "region": "futian",
        "address": t(
            "福田保稅區藍花道6號城聯物流大廈6樓",
            "福田保税区蓝花道6号城联物流大厦6楼",
            "6/F, Chenglian Logistics Building, 6 Lanhua Road, Futian Free Trade Zone",
        ),
        "description": t(
            "為香港科技團隊提供「空間+」、「政策+」、「資金+」、「社區+」、「項目+」、「平台+」、「服務+」七大孵化加速服務；已審核通過39家團隊，19家已入駐。",
            "为香港科技团队提供“空间+”“政策+”“资金+”“社区+”“项目+”“平台+”“服务+”七大孵化加速服务；已审核通过39家团队，19家已完成入驻。",
            "Seven incubation services (“space+”, “policy+”, “funding+”, “community+”, “project+”, “platform+”, "
            "“service+”) for Hong Kong technology teams; 39 teams approved, 19 moved in.",
        ),
        "area": Decimal("4000"),
        "level": RecognitionLevel.DISTRICT,
        "focus": t(
            "醫療科技\n大數據\n人工智能\n微電子",
            "医疗科技\n大数据\n人工智能\n微电子",
            "Medical technology\nBig data\nArtificial intelligence\nMicroelectronics",
        ),
        "services": t(
            "共享實驗室（免費）\nTrouble Maker 共享實驗平台\n剛到內地的香港團隊半年免費辦公卡位\n"
            "市場拓展、融資貸款、生活住宿",
            "共享实验室（免费）\nTrouble Maker 共享实验平台\n刚到内地的香港团队半年免费办公卡位\n"
            "市场拓展、融资贷款、生活住宿",
            "Shared laboratory (free)\nTrouble Maker maker lab\nSix months of free desks for new Hong Kong teams\n"
            "Market development, loans, housing",
        ),
        "june_only": (19, 19, 19, 19, 80, 64, 12, Decimal("0")),
    },
    {
        "key": "hetao",
        "name": t("河套港澳創新創業谷", "河套港澳创新创业谷", "Hetao HK/Macau Innovation & Entrepreneurship Valley"),
        "region": "hetao",
        "address": t(
            "福田區河套深港科技創新合作區（建設中）",
            "福田区河套深港科技创新合作区（建设中）",
            "Hetao zone, Futian (under construction)",
        ),
        "description": t(
            "建設中；福田「1+N」青年創新創業基地佈局的中心。",
            "建设中；福田“1+N”青年创新创业基地空间布局的中心。",
            "Under construction; the centre of Futian's “1+N” layout of youth innovation bases.",
        ),
    },
    {
        "key": "cityu",
        "name": t(
            "香港城市大學創新創業中心（深圳）",
            "香港城市大学创新创业中心（深圳）",
            "CityU Innovation & Entrepreneurship Centre (Shenzhen)",
        ),
        "region": "kowloon-tong",
        "address": t("香港城市大學", "香港城市大学", "City University of Hong Kong"),
        "description": t(
            "深圳在香港的就業創業「反向飛地」服務點（2023年3月17日簽署合作備忘錄）；自2023年3月起約40支新團隊。",
            "深圳在香港的就业创业“反向飞地”服务点（2023年3月17日签署合作备忘录）；自2023年3月起约40支新团队。",
            "A Shenzhen “reverse enclave” service point in Hong Kong (MoU of 17 March 2023); about 40 new teams since "
            "March 2023.",
        ),
    },
    {
        "key": "huizhou",
        "name": t(
            "惠州港澳台僑綜合服務中心",
            "惠州港澳台侨综合服务中心",
            "Huizhou HK/Macau/Taiwan and Overseas Chinese Service Centre",
        ),
        "region": "zhongkai",
        "address": t("仲愷高新區匯港城", "仲恺高新区汇港城", "Huigang City, Zhongkai Hi-tech Zone"),
        "description": t(
            "「一中心、多基地」的中心，2022年落成；30家企業落戶、148個合作項目、引進50名高技能人才。",
            "“一中心、多基地”的中心，2022年落成；30家企业落户、148个合作项目、引进50名高技能人才。",
            "The centre of “one centre, many bases”, opened in 2022: 30 enterprises landed, 148 cooperation "
            "projects, 50 high-skill hires.",
        ),
        "opened": date(2022, 1, 1),
    },
]

MONTHS = [date(2023, month, 1) for month in range(1, 7)]


def scaled(june: JuneFigures, factor: float) -> dict[str, int | Decimal]:
    """A month's figures as a share of June's, keeping every part within its whole."""
    total, hkmo, incubating, incubating_hkmo, members, members_hkmo, ip_items, financing = june
    total_m = round(total * factor)
    hkmo_m = min(round(hkmo * factor), total_m)
    incubating_m = min(round(incubating * factor), total_m)
    members_m = round(members * factor)
    return {
        "incubated_total": total_m,
        "incubated_hkmo": hkmo_m,
        "incubating": incubating_m,
        "incubating_hkmo": min(round(incubating_hkmo * factor), incubating_m, hkmo_m),
        "members": members_m,
        "members_hkmo": min(round(members_hkmo * factor), members_m),
        "ip_items": round(ip_items * factor),
        "financing_rmb": (financing * Decimal(str(factor))).quantize(Decimal("1")),
    }


def translated_fields(spec: Mapping[str, Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for source, target in [
        ("name", "name"),
        ("address", "address"),
        ("description", "description"),
        ("focus", "focus_industries"),
        ("services", "services"),
        ("crossing", "border_crossing"),
    ]:
        if source in spec:
            for lang, text in spec[source].items():
                fields[f"{target}_{lang}"] = text
    return fields


def load_regions() -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for slug, kind, parent, names in REGIONS:
        regions[slug] = Region.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "parent": regions[parent] if parent else None,
                **{f"name_{lang}": text for lang, text in names.items()},
            },
        )[0]
    return regions


def load() -> list[str]:
    from accounts.demo import demo_user

    operator = demo_user("operator")
    regions = load_regions()
    lines = []
    for spec in BASES:
        defaults = {
            **translated_fields(spec),
            "region": regions[spec["region"]],
            "floor_area_m2": spec.get("area"),
            "opened_on": spec.get("opened"),
            "recognition_level": spec.get("level", RecognitionLevel.NONE),
            "recognition_year": spec.get("year"),
            "national_maker_space": spec.get("maker_space", False),
            "border_distance_km": spec.get("distance"),
        }
        base, _created = Base.objects.get_or_create(name_zh_hans=spec["name"]["zh_hans"], defaults=defaults)
        if spec["key"] == "workshop":
            base.operators.add(operator)
        if "june" in spec:
            for index, period in enumerate(MONTHS):
                factor = 1 - 0.03 * (len(MONTHS) - 1 - index)
                ProjectCountReport.objects.get_or_create(
                    base=base, period=period, defaults=scaled(spec["june"], factor)
                )
        if "june_only" in spec:
            ProjectCountReport.objects.get_or_create(
                base=base, period=MONTHS[-1], defaults=scaled(spec["june_only"], 1)
            )
    lines.append(f"incubators: {Base.objects.count()} bases, {ProjectCountReport.objects.count()} monthly reports")
    return lines
