# ruff: noqa: E501 - long translated texts, one per line
"""Who issues the guides, where they apply, and how they are grouped."""

from __future__ import annotations

from .rows import IssuerRow, OrderedRow, RegionRow

ISSUERS: list[IssuerRow] = [
    {
        "slug": "shenzhen-hrss",
        "kind": "bureau",
        "name": {
            "zh_hant": "深圳市人力資源和社會保障局",
            "zh_hans": "深圳市人力资源和社会保障局",
            "en": "Shenzhen Municipal Human Resources and Social Security Bureau",
        },
    },
    {
        "slug": "luohu-district",
        "kind": "district",
        "name": {
            "zh_hant": "深圳市羅湖區人民政府",
            "zh_hans": "深圳市罗湖区人民政府",
            "en": "Luohu District People's Government, Shenzhen",
        },
    },
    {
        "slug": "luohu-hr",
        "kind": "department",
        "name": {
            "zh_hant": "羅湖區人力資源局",
            "zh_hans": "罗湖区人力资源局",
            "en": "Luohu District Human Resources Bureau",
        },
    },
    {
        "slug": "futian-hr",
        "kind": "department",
        "name": {
            "zh_hant": "福田區人力資源局",
            "zh_hans": "福田区人力资源局",
            "en": "Futian District Human Resources Bureau",
        },
    },
    {
        "slug": "futian-youth-league",
        "kind": "department",
        "name": {
            "zh_hant": "共青團深圳市福田區委員會",
            "zh_hans": "共青团深圳市福田区委员会",
            "en": "Communist Youth League Futian District Committee",
        },
    },
    {
        "slug": "futian-united-front",
        "kind": "department",
        "name": {
            "zh_hant": "中共深圳市福田區委統戰部",
            "zh_hans": "中共深圳市福田区委统战部",
            "en": "United Front Work Department of the CPC Futian District Committee",
        },
    },
    {
        "slug": "huizhou-united-front",
        "kind": "department",
        "name": {
            "zh_hant": "中共惠州市委統戰部",
            "zh_hans": "中共惠州市委统战部",
            "en": "United Front Work Department of the CPC Huizhou Municipal Committee",
        },
    },
    {
        "slug": "huizhou-science-technology",
        "kind": "bureau",
        "name": {
            "zh_hant": "惠州市科學技術局",
            "zh_hans": "惠州市科学技术局",
            "en": "Huizhou Municipal Science and Technology Bureau",
        },
    },
]

REGIONS: list[RegionRow] = [
    {
        "slug": "shenzhen",
        "kind": "city",
        "parent": None,
        "name": {"zh_hant": "深圳", "zh_hans": "深圳", "en": "Shenzhen"},
    },
    {
        "slug": "huizhou",
        "kind": "city",
        "parent": None,
        "name": {"zh_hant": "惠州", "zh_hans": "惠州", "en": "Huizhou"},
    },
    {
        "slug": "futian",
        "kind": "district",
        "parent": "shenzhen",
        "name": {"zh_hant": "福田區", "zh_hans": "福田区", "en": "Futian District"},
    },
    {
        "slug": "luohu",
        "kind": "district",
        "parent": "shenzhen",
        "name": {"zh_hant": "羅湖區", "zh_hans": "罗湖区", "en": "Luohu District"},
    },
    {
        "slug": "qianhai",
        "kind": "zone",
        "parent": "shenzhen",
        "name": {"zh_hant": "前海", "zh_hans": "前海", "en": "Qianhai"},
    },
    {
        "slug": "hetao",
        "kind": "zone",
        "parent": "futian",
        "name": {
            "zh_hant": "河套深港科技創新合作區",
            "zh_hans": "河套深港科技创新合作区",
            "en": "Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone",
        },
    },
    {
        "slug": "huaqiang-shangbu",
        "kind": "zone",
        "parent": "futian",
        "name": {"zh_hant": "華強上步片區", "zh_hans": "华强上步片区", "en": "Huaqiang-Shangbu area"},
    },
    {
        "slug": "zhongkai",
        "kind": "district",
        "parent": "huizhou",
        "name": {"zh_hant": "仲愷高新區", "zh_hans": "仲恺高新区", "en": "Zhongkai High-tech Zone"},
    },
]

CATEGORIES: list[OrderedRow] = [
    {"slug": "employment", "order": 0, "name": {"zh_hant": "就業", "zh_hans": "就业", "en": "Employment"}},
    {"slug": "entrepreneurship", "order": 1, "name": {"zh_hant": "創業", "zh_hans": "创业", "en": "Entrepreneurship"}},
    {"slug": "internship", "order": 2, "name": {"zh_hant": "實習", "zh_hans": "实习", "en": "Internship"}},
    {"slug": "mentorship", "order": 3, "name": {"zh_hant": "導師輔導", "zh_hans": "导师辅导", "en": "Mentorship"}},
    {"slug": "housing", "order": 4, "name": {"zh_hant": "住房", "zh_hans": "住房", "en": "Housing"}},
    {"slug": "training", "order": 5, "name": {"zh_hant": "培訓", "zh_hans": "培训", "en": "Training"}},
    {
        "slug": "social-insurance",
        "order": 6,
        "name": {"zh_hant": "社會保險", "zh_hans": "社会保险", "en": "Social insurance"},
    },
    {
        "slug": "living-support",
        "order": 7,
        "name": {"zh_hant": "生活補貼", "zh_hans": "生活补贴", "en": "Living support"},
    },
    {"slug": "competitions", "order": 8, "name": {"zh_hant": "創業大賽", "zh_hans": "创业大赛", "en": "Competitions"}},
    {
        "slug": "community",
        "order": 9,
        "name": {"zh_hant": "社區與城市融入", "zh_hans": "社区与城市融入", "en": "Community and city integration"},
    },
]

TARGET_GROUPS: list[OrderedRow] = [
    {"slug": "hk-youth", "order": 0, "name": {"zh_hant": "香港青年", "zh_hans": "香港青年", "en": "Hong Kong youth"}},
    {"slug": "macau-youth", "order": 1, "name": {"zh_hant": "澳門青年", "zh_hans": "澳门青年", "en": "Macau youth"}},
    {"slug": "students", "order": 2, "name": {"zh_hant": "在校學生", "zh_hans": "在校学生", "en": "Students"}},
    {"slug": "graduates", "order": 3, "name": {"zh_hant": "畢業生", "zh_hans": "毕业生", "en": "Graduates"}},
    {
        "slug": "startup-teams",
        "order": 4,
        "name": {"zh_hant": "創業團隊", "zh_hans": "创业团队", "en": "Start-up teams"},
    },
    {
        "slug": "professionals",
        "order": 5,
        "name": {"zh_hant": "專業人才", "zh_hans": "专业人才", "en": "Professionals"},
    },
]
