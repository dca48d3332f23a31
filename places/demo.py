"""Demo service points, from the seeds (DOMAIN.md, "Service points").

What the seeds give is used as given: names, the MoU dates of the reverse enclaves, Luohu's
floors at 罗湖商务中心 and the spaces it shares, the 557 service items of Hetao's "e站通", the
opening date of the professionals' centre, the 76 batches served by Futian's one-stop point, the
Huizhou centre at 汇港城 (2022) and the talent station's head office (February 2023), and the
Workshop's distances to the Futian and Huanggang crossings. The seeds give no opening hours, no
phone numbers and, for most places, no street address: those are "to be confirmed" (left empty;
the pages and the API say so), never invented. Map positions are given only for the three
university campuses (the campus, approximately; the room is to be confirmed).

Regions are looked up by slug (get_or_create), as the guides' and the bases' loaders do, so
whichever loader runs first creates them. Idempotent: every row is looked up by its slug or code;
a place that exists is left alone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import PLACE_OPERATOR, role_group
from portal.models import Region

from . import services
from .models import DatePrecision, HolidayCalendar, Organisation, Place, PlaceKind, PlaceService, Service, TimeZone

Texts = dict[str, str]


def t(hant: str, hans: str, en: str) -> Texts:
    return {"zh_hant": hant, "zh_hans": hans, "en": en}


def _translated(field: str, texts: Texts) -> dict[str, str]:
    return {f"{field}_{suffix}": value for suffix, value in texts.items()}


TBC_ROOM = t("（具體位置待確認）", "（具体位置待确认）", " (exact location to be confirmed)")

# slug, kind, parent, name. The guides' loader (policies/demo_content.py REGIONS) uses the same
# slugs for Shenzhen, Futian, Luohu, Hetao, Huizhou and Zhongkai.
REGIONS: list[tuple[str, str, str | None, Texts]] = [
    ("shenzhen", "city", None, t("深圳", "深圳", "Shenzhen")),
    ("huizhou", "city", None, t("惠州", "惠州", "Huizhou")),
    ("hong-kong", "city", None, t("香港", "香港", "Hong Kong")),
    ("futian", "district", "shenzhen", t("福田區", "福田区", "Futian District")),
    ("luohu", "district", "shenzhen", t("羅湖區", "罗湖区", "Luohu District")),
    ("nanshan", "district", "shenzhen", t("南山區", "南山区", "Nanshan District")),
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
    ("zhongkai", "district", "huizhou", t("仲愷高新區", "仲恺高新区", "Zhongkai High-tech Zone")),
]

ORGANISATIONS: dict[str, Texts] = {
    "shenzhen-hrss": t(
        "深圳市人力資源和社會保障局",
        "深圳市人力资源和社会保障局",
        "Shenzhen Municipal Human Resources and Social Security Bureau",
    ),
    "luohu-enterprise-service-centre": t(
        "深圳市羅湖區企業服務中心", "深圳市罗湖区企业服务中心", "Luohu District Enterprise Service Centre, Shenzhen"
    ),
    "futian-district": t("深圳市福田區", "深圳市福田区", "Futian District, Shenzhen"),
    "futian-youth-league": t(
        "共青團深圳市福田區委員會", "共青团深圳市福田区委员会", "Communist Youth League Futian District Committee"
    ),
    "huizhou-united-front": t(
        "中共惠州市委統戰部", "中共惠州市委统战部", "United Front Work Department of the CPC Huizhou Committee"
    ),
    "huizhou-hk-federation": t(
        "香港惠州社團聯合總會",
        "香港惠州社团联合总会",
        "Federation of Hong Kong Huizhou Community Organisations",
    ),
    "gba-youth-workshop": t(
        "粵港澳青年創新創業工場", "粤港澳青年创新创业工场", "GBA Youth Innovation and Entrepreneurship Workshop"
    ),
    "shangchuangfeng": t(
        "尚創峰粵港青年雙創基地", "尚创峰粤港青年双创基地", "Shangchuangfeng Guangdong-Hong Kong Youth Base"
    ),
}

SERVICES: list[tuple[str, Texts]] = [
    ("policy-consulting", t("政策諮詢", "政策咨询", "Policy consulting")),
    ("entrepreneurship-support", t("創業支援", "创业支持", "Entrepreneurship support")),
    ("employment-support", t("就業支援", "就业支持", "Employment support")),
    ("talent-exchange", t("人才交流", "人才交流", "Talent exchange")),
    ("internships", t("實習", "实习", "Internships")),
    (
        "postdoctoral-training",
        t("跨境聯合培養博士後", "跨境联合培养博士后", "Joint cross-border postdoctoral training"),
    ),
    ("shared-office", t("共享辦公空間", "共享办公空间", "Shared office space")),
    ("legal-services", t("法律服務", "法律服务", "Legal services")),
    ("investment-promotion", t("投資推介", "投资推介", "Investment promotion")),
    ("business-registration", t("工商登記代辦", "工商登记代办", "Business registration (done for you)")),
    ("bank-account", t("開設對公賬戶代辦", "开设对公账户代办", "Opening a company bank account (done for you)")),
    ("government-services", t("政務服務", "政务服务", "Government services")),
    ("training-courses", t("培訓課程", "培训课程", "Training courses")),
    ("community-activities", t("交流活動", "交流活动", "Exchange activities")),
    ("incubation", t("孵化服務", "孵化服务", "Incubation")),
]

SOURCES = {
    "shenzhen-hrss": "深圳市人社局全方位支持港澳青年在深就业创业",
    "luohu": "全国首家香港团体服务中心挂牌成立（罗湖）",
    "futian-league": "共青团福田区委员会：关于推动留学生创业园高质量发展的建议的会办意见（2021年4月27日）",
    "huizhou": "惠州積極推動惠港澳臺僑青年交流 助力惠州高質量發展（惠州日報）",
    "futian-ufwd": "福田区委统战部：关于福田区政协六届二次会议第20220030号提案的办理意见（2022年9月23日）",
}


class PlaceSpec(TypedDict):
    slug: str
    kind: str
    organisation: str
    region: str
    name: Texts
    description: Texts
    address: NotRequired[Texts]
    services: list[str]
    source: str
    calendar: NotRequired[str]  # default: the mainland's
    opened_on: NotRequired[date]
    precision: NotRequired[str]
    opened_note: NotRequired[Texts]
    coordinates: NotRequired[tuple[str, str]]
    border_crossing: NotRequired[Texts]
    border_distance_km: NotRequired[Decimal]
    transport_notes: NotRequired[Texts]
    base: NotRequired[str]  # the base's Simplified Chinese name (incubators/demo.py)


def _campus(hant: str, hans: str, en: str) -> Texts:
    return {key: value + TBC_ROOM[key] for key, value in t(hant, hans, en).items()}


PLACES: list[PlaceSpec] = [
    {
        "slug": "cityu-reverse-enclave",
        "kind": PlaceKind.REVERSE_ENCLAVE,
        "organisation": "shenzhen-hrss",
        "region": "hong-kong",
        "name": t(
            "深圳就業創業「反向飛地」（香港城市大學）",
            "深圳就业创业“反向飞地”（香港城市大学）",
            "Shenzhen reverse enclave at City University of Hong Kong",
        ),
        "description": t(
            "深圳在香港設立的首個就業創業「反向飛地」：深圳市人社局與香港城市大學於2023年3月17日簽署合作備忘錄，"
            "在創新創業、就業促進和人才交流等方面合作，為有意來深發展的香港青年提供場地保障、項目展示、資金支持、"
            "人才培養及成果轉化服務。此後香港城市大學創新創業中心（深圳）新增入駐創業團隊近40家。",
            "深圳在香港设立的首个就业创业“反向飞地”：深圳市人社局与香港城市大学于2023年3月17日签署合作备忘录，"
            "在创新创业、就业促进和人才交流等方面合作，为有意来深发展的香港青年提供场地保障、项目展示、资金支持、"
            "人才培养及成果转化服务。此后香港城市大学创新创业中心（深圳）新增入驻创业团队近40家。",
            "Shenzhen's first employment and entrepreneurship “reverse enclave” in Hong Kong: the Shenzhen HR bureau "
            "and City University of Hong Kong signed an MoU on 17 March 2023 to work together on innovation and "
            "entrepreneurship, employment and talent exchange, offering space, project showcases, funding, training "
            "and commercialisation to young people who want to develop in Shenzhen. Since then, nearly 40 new teams "
            "have moved into CityU's Innovation and Entrepreneurship Centre (Shenzhen).",
        ),
        "address": _campus("香港城市大學", "香港城市大学", "City University of Hong Kong"),
        "services": ["policy-consulting", "entrepreneurship-support", "employment-support", "talent-exchange"],
        "source": "shenzhen-hrss",
        "calendar": HolidayCalendar.HONG_KONG,
        "opened_on": date(2023, 3, 17),
        "opened_note": t("（簽署合作備忘錄）", "（签署合作备忘录）", "(MoU signed)"),
        "coordinates": ("22.336400", "114.172600"),
    },
    {
        "slug": "cuhk-reverse-enclave",
        "kind": PlaceKind.REVERSE_ENCLAVE,
        "organisation": "shenzhen-hrss",
        "region": "hong-kong",
        "name": t(
            "深圳就業創業「反向飛地」（香港中文大學）",
            "深圳就业创业“反向飞地”（香港中文大学）",
            "Shenzhen reverse enclave at The Chinese University of Hong Kong",
        ),
        "description": t(
            "深圳市人社局與香港中文大學於2023年7月17日簽署合作備忘錄設立的港澳青年就業創業「反向飛地」，"
            "重點合作大學生實習、職業培養和就業促進。",
            "深圳市人社局与香港中文大学于2023年7月17日签署合作备忘录设立的港澳青年就业创业“反向飞地”，"
            "重点合作大学生实习、职业培养和就业促进。",
            "A Hong Kong and Macau youth employment and entrepreneurship “reverse enclave” set up under the MoU of "
            "17 July 2023 between the Shenzhen HR bureau and CUHK, focused on student internships, career training "
            "and employment.",
        ),
        "address": _campus("香港中文大學", "香港中文大学", "The Chinese University of Hong Kong"),
        "services": ["internships", "employment-support", "policy-consulting"],
        "source": "shenzhen-hrss",
        "calendar": HolidayCalendar.HONG_KONG,
        "opened_on": date(2023, 7, 17),
        "opened_note": t("（簽署合作備忘錄）", "（签署合作备忘录）", "(MoU signed)"),
        "coordinates": ("22.419600", "114.206800"),
    },
    {
        "slug": "polyu-reverse-enclave",
        "kind": PlaceKind.REVERSE_ENCLAVE,
        "organisation": "shenzhen-hrss",
        "region": "hong-kong",
        "name": t(
            "深圳就業創業「反向飛地」（香港理工大學）",
            "深圳就业创业“反向飞地”（香港理工大学）",
            "Shenzhen reverse enclave at The Hong Kong Polytechnic University",
        ),
        "description": t(
            "深圳市人社局與香港理工大學於2023年7月17日簽署合作備忘錄設立的「反向飛地」，探索校企跨境聯合培養博士後。",
            "深圳市人社局与香港理工大学于2023年7月17日签署合作备忘录设立的“反向飞地”，探索校企跨境联合培养博士后。",
            "A “reverse enclave” set up under the MoU of 17 July 2023 between the Shenzhen HR bureau and PolyU, "
            "exploring joint cross-border postdoctoral training by universities and enterprises.",
        ),
        "address": _campus("香港理工大學", "香港理工大学", "The Hong Kong Polytechnic University"),
        "services": ["postdoctoral-training", "talent-exchange", "policy-consulting"],
        "source": "shenzhen-hrss",
        "calendar": HolidayCalendar.HONG_KONG,
        "opened_on": date(2023, 7, 17),
        "opened_note": t("（簽署合作備忘錄）", "（签署合作备忘录）", "(MoU signed)"),
        "coordinates": ("22.304600", "114.179700"),
    },
    {
        "slug": "luohu-hk-groups-service-centre",
        "kind": PlaceKind.SERVICE_CENTRE,
        "organisation": "luohu-enterprise-service-centre",
        "region": "luohu",
        "name": t(
            "羅湖香港工商專業和青年團體服務中心",
            "罗湖香港工商专业和青年团体服务中心",
            "Luohu Service Centre for Hong Kong Business, Professional and Youth Groups",
        ),
        "description": t(
            "全國首家香港團體服務中心，依託羅湖區企業服務中心合署辦公，提供1+2共享辦公空間、一站式政策諮詢、"
            "全鏈條創業就業、多領域法律增值及多元化投資推介服務；共享開放羅湖商務中心5樓的羅湖海聯之家及佳寧娜廣場"
            "3樓尚創峰粵港青年雙創基地部分場地，空間經線上預約可免費使用。首批10家香港知名團體入駐。",
            "全国首家香港团体服务中心，依托罗湖区企业服务中心合署办公，提供1+2共享办公空间、一站式政策咨询、"
            "全链条创业就业、多领域法律增值及多元化投资推介服务；共享开放罗湖商务中心5楼的罗湖海联之家及佳宁娜广场"
            "3楼尚创峰粤港青年双创基地部分场地，空间经线上预约可免费使用。首批10家香港知名团体入驻。",
            "The country's first service centre for Hong Kong groups, sharing offices with Luohu's Enterprise Service "
            "Centre: 1+2 shared office space, one-stop policy consulting, entrepreneurship and employment support, "
            "legal services and investment promotion. It also opens Luohu Hailian Home (5/F of the Luohu Business "
            "Centre) and part of the Shangchuangfeng base (3/F, Carrianna Plaza); spaces are free, booked online. "
            "Ten well-known Hong Kong groups moved in first.",
        ),
        "address": t(
            "羅湖區深南東路羅湖商務中心2樓及29樓部分（另：5樓羅湖海聯之家；佳寧娜廣場3樓尚創峰）",
            "罗湖区深南东路罗湖商务中心2楼及29楼部分（另：5楼罗湖海联之家；佳宁娜广场3楼尚创峰）",
            "2/F and part of 29/F, Luohu Business Centre, Shennan East Road, Luohu (also: Luohu Hailian Home, 5/F; "
            "Shangchuangfeng, 3/F, Carrianna Plaza)",
        ),
        "services": [
            "shared-office",
            "policy-consulting",
            "entrepreneurship-support",
            "employment-support",
            "legal-services",
            "investment-promotion",
        ],
        "source": "luohu",
        "opened_note": t("6月14日掛牌（年份待確認）", "6月14日挂牌（年份待确认）", "14 June (year to be confirmed)"),
    },
    {
        "slug": "hetao-hk-people-service-centre",
        "kind": PlaceKind.SERVICE_CENTRE,
        "organisation": "futian-district",
        "region": "hetao",
        "name": t("河套港人服務中心", "河套港人服务中心", "Hetao Hong Kong People's Service Centre"),
        "description": t(
            "在河套深港科技創新合作區成立，依託河套福保園區黨群服務中心，設有港灣紅心牆、港灣同心走廊、港灣夢想空間、"
            "港灣咖啡吧和多功能會議室等活動空間，展示深港共融文化。",
            "在河套深港科技创新合作区成立，依托河套福保园区党群服务中心，设有港湾红心墙、港湾同心走廊、港湾梦想空间、"
            "港湾咖啡吧和多功能会议室等活动空间，展示深港共融文化。",
            "Set up in the Hetao zone in the Fubao park's party and public service centre, with activity spaces (a "
            "wall, a corridor, a dream space, a café and a multi-purpose meeting room) showing Shenzhen-Hong Kong "
            "culture.",
        ),
        "address": t(
            "河套福保園區黨群服務中心（詳細地址待確認）",
            "河套福保园区党群服务中心（详细地址待确认）",
            "Fubao Park Party and Public Service Centre, Hetao (street address to be confirmed)",
        ),
        "services": ["community-activities", "policy-consulting"],
        "source": "futian-ufwd",
    },
    {
        "slug": "hetao-e-station",
        "kind": PlaceKind.GOVERNMENT_HALL,
        "organisation": "futian-district",
        "region": "hetao",
        "name": t("河套「e站通」服務大廳", "河套“e站通”服务大厅", "Hetao “e-Station” service hall"),
        "description": t(
            "深圳海關特殊監管區域內目前唯一能一站式辦理海關和地方政府服務事項的大廳，也是深圳唯一能實現深港跨境"
            "「一件事一次辦」的大廳；政務服務事項由最初的360項增至557項。港澳人士專窗提供「灣區社保通」、"
            "「深港通註冊易」等特色服務。",
            "深圳海关特殊监管区域内目前唯一能一站式办理海关和地方政府服务事项的大厅，也是深圳唯一能实现深港跨境"
            "“一件事一次办”的大厅；政务服务事项由最初的360项增至557项。港澳人士专窗提供“湾区社保通”"
            "“深港通注册易”等特色服务。",
            "The only hall in Shenzhen's customs special supervision zones where customs and local government "
            "matters are handled in one stop, and Shenzhen's only hall for cross-border “one matter, one visit”; "
            "its service items grew from 360 to 557. Special windows for Hong Kong and Macau people offer the GBA "
            "social insurance service and the Shenzhen-Hong Kong easy company registration.",
        ),
        "address": t(
            "河套深港科技創新合作區（詳細地址待確認）",
            "河套深港科技创新合作区（详细地址待确认）",
            "Hetao zone (street address to be confirmed)",
        ),
        "services": ["government-services", "business-registration", "policy-consulting"],
        "source": "futian-ufwd",
    },
    {
        "slug": "gba-professionals-exchange-centre",
        "kind": PlaceKind.SERVICE_CENTRE,
        "organisation": "futian-district",
        "region": "futian",
        "name": t(
            "粵港澳專業人士（深圳）交流服務中心",
            "粤港澳专业人士（深圳）交流服务中心",
            "GBA Professionals (Shenzhen) Exchange Service Centre",
        ),
        "description": t(
            "大灣區首個專注服務高端專業人士、深化大灣區專業服務合作的交流平台，為粵港澳專業人士提供政策諮詢宣傳、"
            "人才培訓交流及其他便利支持。",
            "大湾区首个专注服务高端专业人士、深化大湾区专业服务合作的交流平台，为粤港澳专业人士提供政策咨询宣传、"
            "人才培训交流及其他便利支持。",
            "The GBA's first exchange platform serving high-end professionals: policy consulting, talent training "
            "and exchange, and other support for professionals from Guangdong, Hong Kong and Macau.",
        ),
        "services": ["policy-consulting", "talent-exchange", "training-courses"],
        "source": "futian-ufwd",
        "opened_on": date(2022, 6, 9),
    },
    {
        "slug": "futian-hk-youth-one-stop",
        "kind": PlaceKind.SERVICE_CENTRE,
        "organisation": "futian-youth-league",
        "region": "futian",
        "name": t(
            "福田香港青年創業就業一站式服務處",
            "福田香港青年创业就业一站式服务处",
            "Futian one-stop employment and entrepreneurship service point for Hong Kong youth",
        ),
        "description": t(
            "免費為來深發展的香港青年提供就業創業輔導，以及工商登記、開設對公賬號等代辦服務；已服務香港青年76批次。",
            "免费为来深发展的香港青年提供就业创业辅导，以及工商登记、开设对公账号等代办服务；已服务香港青年76批次。",
            "Free employment and entrepreneurship guidance for Hong Kong young people coming to Shenzhen, and "
            "business registration and company bank accounts done for them; 76 batches of young people served.",
        ),
        "services": ["employment-support", "entrepreneurship-support", "business-registration", "bank-account"],
        "source": "futian-league",
    },
    {
        "slug": "futian-cbd-youth-college-hk",
        "kind": PlaceKind.TRAINING_CENTRE,
        "organisation": "futian-youth-league",
        "region": "futian",
        "name": t(
            "福田CBD青年學院香港青年分院",
            "福田CBD青年学院香港青年分院",
            "Futian CBD Youth College, Hong Kong youth branch",
        ),
        "description": t(
            "依託福田CBD青年學院，面向香港青年開設創業類、職場類、興趣類三大類培訓課程，幫助香港青年融入福田的工作生活。",
            "依托福田CBD青年学院，面向香港青年开设创业类、职场类、兴趣类三大类培训课程，帮助香港青年融入福田的工作生活。",
            "A branch of the Futian CBD Youth College for Hong Kong young people: startup, workplace and interest "
            "courses, to help them settle into work and life in Futian.",
        ),
        "services": ["training-courses"],
        "source": "futian-league",
    },
    {
        "slug": "huizhou-hkmtw-service-centre",
        "kind": PlaceKind.SERVICE_CENTRE,
        "organisation": "huizhou-united-front",
        "region": "zhongkai",
        "name": t(
            "惠州港澳台僑綜合服務中心",
            "惠州港澳台侨综合服务中心",
            "Huizhou Hong Kong, Macau, Taiwan and Overseas Chinese Comprehensive Service Centre",
        ),
        "description": t(
            "「一中心、多基地」惠港澳台僑特色服務合作平台的中心，2022年落成。一年內接待參觀交流31批次，開展政策諮詢"
            "服務14批次，舉辦活動7場。",
            "“一中心、多基地”惠港澳台侨特色服务合作平台的中心，2022年落成。一年内接待参观交流31批次，开展政策咨询"
            "服务14批次，举办活动7场。",
            "The centre of the “one centre, many bases” platform for Hong Kong, Macau, Taiwan and overseas Chinese "
            "in Huizhou, completed in 2022. In a year it received 31 visiting batches, gave policy consulting to 14 "
            "batches and held 7 events.",
        ),
        "address": t("仲愷高新區匯港城", "仲恺高新区汇港城", "Huigang City, Zhongkai High-tech Zone"),
        "services": ["policy-consulting", "community-activities", "entrepreneurship-support"],
        "source": "huizhou",
        "opened_on": date(2022, 1, 1),
        "precision": DatePrecision.YEAR,
    },
    {
        "slug": "huizhou-hk-talent-station",
        "kind": PlaceKind.TALENT_STATION,
        "organisation": "huizhou-hk-federation",
        "region": "hong-kong",
        "name": t(
            "惠州（香港）人才工作站總聯絡處",
            "惠州（香港）人才工作站总联络处",
            "Huizhou (Hong Kong) Talent Station, head office",
        ),
        "description": t(
            "惠州市科技局與香港惠州社團聯合總會共建的人才工作站，總聯絡處設於2023年2月啟用的總會新會館，"
            "為惠港兩地政府部門、高校、科研機構及人才日常交流提供平台；一年內組織人才交流活動319批次。",
            "惠州市科技局与香港惠州社团联合总会共建的人才工作站，总联络处设于2023年2月启用的总会新会馆，"
            "为惠港两地政府部门、高校、科研机构及人才日常交流提供平台；一年内组织人才交流活动319批次。",
            "The talent station built by Huizhou's science and technology bureau and the Federation of Hong Kong "
            "Huizhou Community Organisations, its head office in the Federation's new hall (opened February 2023): "
            "a platform for government, universities, research institutes and talent of both places; 319 batches of "
            "talent exchanges in a year.",
        ),
        "address": t(
            "香港惠州社團聯合總會新會館（詳細地址待確認）",
            "香港惠州社团联合总会新会馆（详细地址待确认）",
            "New hall of the Federation of Hong Kong Huizhou Community Organisations (street address to be confirmed)",
        ),
        "services": ["talent-exchange", "policy-consulting"],
        "source": "huizhou",
        "calendar": HolidayCalendar.HONG_KONG,
        "opened_on": date(2023, 2, 1),
        "precision": DatePrecision.MONTH,
    },
    {
        "slug": "gba-youth-workshop",
        "kind": PlaceKind.INCUBATOR_BASE,
        "organisation": "gba-youth-workshop",
        "region": "hetao",
        "name": t(
            "粵港澳青年創新創業工場", "粤港澳青年创新创业工场", "GBA Youth Innovation and Entrepreneurship Workshop"
        ),
        "description": t(
            "2018年8月建立，向香港青年來深創業提供孵化加速平台。",
            "2018年8月建立，向香港青年来深创业提供孵化加速平台。",
            "Set up in August 2018: an incubation and acceleration platform for Hong Kong young people starting up "
            "in Shenzhen.",
        ),
        "address": t(
            "深港科技創新合作區長富金茂大廈19及21層",
            "深港科技创新合作区长富金茂大厦19和21层",
            "19/F and 21/F, Changfu Jinmao Building, Shenzhen-Hong Kong Science and Technology Innovation Zone",
        ),
        "services": ["incubation", "entrepreneurship-support", "policy-consulting"],
        "source": "futian-league",
        "border_crossing": t(
            "福田口岸（另：皇崗口岸3.1公里）",
            "福田口岸（另：皇岗口岸3.1公里）",
            "Futian Port (also: Huanggang Port, 3.1 km)",
        ),
        "border_distance_km": Decimal("2.4"),
        "base": "粤港澳青年创新创业工场",
    },
    {
        "slug": "shangchuangfeng",
        "kind": PlaceKind.INCUBATOR_BASE,
        "organisation": "shangchuangfeng",
        "region": "luohu",
        "name": t("尚創峰粵港青年雙創基地", "尚创峰粤港青年双创基地", "Shangchuangfeng Guangdong-Hong Kong Youth Base"),
        "description": t(
            "深圳唯一一家港商獨資的粵港青年創新創業基地；部分場地與羅湖香港團體服務中心共享。",
            "深圳唯一一家港商独资的粤港青年创新创业基地；部分场地与罗湖香港团体服务中心共享。",
            "Shenzhen's only wholly Hong Kong-owned Guangdong-Hong Kong youth base; part of it is shared with "
            "Luohu's centre for Hong Kong groups.",
        ),
        "address": t("羅湖區佳寧娜廣場3樓", "罗湖区佳宁娜广场3楼", "3/F, Carrianna Plaza, Luohu"),
        "services": ["incubation", "shared-office"],
        "source": "luohu",
        "base": "尚创峰粤港青年双创基地",
    },
]

DEMO_PLACE_OPERATOR = ("place-operator@demo.gba-youth.example", "梁詠詩 Leung Wing Sze", "zh-hant")
DEMO_OPERATED_PLACE = "luohu-hk-groups-service-centre"


def _regions() -> dict[str, Region]:
    found: dict[str, Region] = {}
    for slug, kind, parent, name in REGIONS:
        region, _created = Region.objects.get_or_create(
            slug=slug, defaults={"kind": kind, "parent": found.get(parent or ""), **_translated("name", name)}
        )
        found[slug] = region
    return found


def _place_defaults(
    spec: PlaceSpec, regions: dict[str, Region], organisations: dict[str, Organisation]
) -> dict[str, Any]:
    from incubators.models import Base

    hong_kong = spec.get("calendar") == HolidayCalendar.HONG_KONG
    defaults: dict[str, Any] = {
        "kind": spec["kind"],
        "organisation": organisations[spec["organisation"]],
        "region": regions[spec["region"]],
        "holiday_calendar": HolidayCalendar.HONG_KONG if hong_kong else HolidayCalendar.MAINLAND,
        "time_zone": TimeZone.HONG_KONG if hong_kong else TimeZone.SHANGHAI,
        "opened_on": spec.get("opened_on"),
        "opened_precision": spec.get("precision", DatePrecision.DAY),
        "source_title": SOURCES[spec["source"]],
        "border_distance_km": spec.get("border_distance_km"),
        **_translated("name", spec["name"]),
        **_translated("description", spec["description"]),
    }
    for field in ("address", "opened_note", "border_crossing", "transport_notes"):
        if field in spec:
            defaults.update(_translated(field, spec[field]))  # type: ignore[literal-required]
    if "coordinates" in spec:
        defaults["latitude"], defaults["longitude"] = (Decimal(value) for value in spec["coordinates"])
    if "base" in spec:
        defaults["base"] = Base.objects.filter(name_zh_hans=spec["base"]).first()
    return defaults


def load() -> list[str]:
    regions = _regions()
    organisations = {
        slug: Organisation.objects.get_or_create(slug=slug, defaults=_translated("name", name))[0]
        for slug, name in ORGANISATIONS.items()
    }
    catalogue = {
        code: Service.objects.get_or_create(code=code, defaults={"order": order, **_translated("name", name)})[0]
        for order, (code, name) in enumerate(SERVICES)
    }
    created = 0
    for spec in PLACES:
        place, was_created = Place.objects.get_or_create(
            slug=spec["slug"], defaults=_place_defaults(spec, regions, organisations)
        )
        if was_created:
            created += 1
            PlaceService.objects.bulk_create(
                [PlaceService(place=place, service=catalogue[code]) for code in spec["services"]]
            )
            services.place_index(place_id=place.pk)

    email, full_name, language = DEMO_PLACE_OPERATOR
    operator, new_operator = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "preferred_language": language}
    )
    if new_operator:
        operator.set_password(DEMO_PASSWORD)
        operator.save(update_fields=["password"])
    operator.groups.add(role_group(PLACE_OPERATOR))
    Place.objects.get(slug=DEMO_OPERATED_PLACE).operators.add(operator)
    return [
        f"places: {len(PLACES)} service points ({created} new), {len(SERVICES)} services; "
        f"place operator {email} keeps {DEMO_OPERATED_PLACE}"
    ]
