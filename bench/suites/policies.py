"""Measurement 1 (and its share of 5): the public policy list and a cross-script search.

Data: policy guides in three languages (Simplified is the language of the source documents;
Traditional and English are translations), with issuers, regions, categories, target groups,
and the normalised search columns computed by the app's own `search_fields_of` (no amounts: those
are subsidy schemes' rules, and the generated guides pay nothing).
A fixed share of the guides (SEARCH_SHARE) mention 创业补贴 somewhere in their texts; the
search page is asked for 創業補貼 in Traditional characters, so it must cross scripts.

Every guide is generated from its own index (one seeded generator per guide), so growing the
data from 1x to 3x adds exactly the guides a fresh 3x run would have.
"""

from __future__ import annotations

import datetime
import random
from urllib.parse import quote

from django.db import connection
from django.utils import timezone

from bench.context import Context, Target
from bench.db import analyze, copy_models, next_id, reset_sequences

TITLE = "Policy guides: list page and cross-script search"
BASE_SIZE = 10_000  # guides at 1x (QUICK: a tenth)
SLUG_PREFIX = "bench-"
SEARCH_QUERY = "創業補貼"  # Traditional; the guides say 创业补贴 (Simplified) or 創業補貼
SEARCH_PHRASE = ("创业补贴", "創業補貼", "start-up subsidy")
SEARCH_SHARE = 0.05

CITIES = [  # slug, Simplified, Traditional, English
    ("shenzhen", "深圳", "深圳", "Shenzhen"),
    ("guangzhou", "广州", "廣州", "Guangzhou"),
    ("zhuhai", "珠海", "珠海", "Zhuhai"),
    ("dongguan", "东莞", "東莞", "Dongguan"),
    ("foshan", "佛山", "佛山", "Foshan"),
    ("zhongshan", "中山", "中山", "Zhongshan"),
    ("jiangmen", "江门", "江門", "Jiangmen"),
    ("huizhou", "惠州", "惠州", "Huizhou"),
    ("zhaoqing", "肇庆", "肇慶", "Zhaoqing"),
]
DISTRICTS = [  # slug, city, Simplified, Traditional, English, kind
    ("futian", "shenzhen", "福田区", "福田區", "Futian District", "district"),
    ("luohu", "shenzhen", "罗湖区", "羅湖區", "Luohu District", "district"),
    ("nanshan", "shenzhen", "南山区", "南山區", "Nanshan District", "district"),
    ("qianhai", "nanshan", "前海", "前海", "Qianhai", "zone"),
    ("hetao", "futian", "河套", "河套", "Hetao", "zone"),
    ("nansha", "guangzhou", "南沙区", "南沙區", "Nansha District", "district"),
    ("tianhe", "guangzhou", "天河区", "天河區", "Tianhe District", "district"),
    ("hengqin", "zhuhai", "横琴", "橫琴", "Hengqin", "zone"),
]
CATEGORIES = [
    ("employment", "就业", "就業", "Employment"),
    ("entrepreneurship", "创业", "創業", "Entrepreneurship"),
    ("internship", "实习", "實習", "Internship"),
    ("mentorship", "导师", "導師", "Mentorship"),
    ("housing", "住房", "住房", "Housing"),
    ("training", "培训", "培訓", "Training"),
    ("social-security", "社会保险", "社會保險", "Social security"),
    ("talent", "人才", "人才", "Talent"),
]
TARGET_GROUPS = [
    ("hk-youth", "香港青年", "香港青年", "Hong Kong youth"),
    ("macau-youth", "澳门青年", "澳門青年", "Macau youth"),
    ("students", "在校学生", "在校學生", "Students"),
    ("graduates", "高校毕业生", "高校畢業生", "Graduates"),
    ("startup-teams", "创业团队", "創業團隊", "Start-up teams"),
    ("professionals", "专业人士", "專業人士", "Professionals"),
]
PHRASES = [  # Simplified, Traditional, English: the vocabulary of the generated texts
    ("港澳青年", "港澳青年", "Hong Kong and Macau youth"),
    ("就业", "就業", "employment"),
    ("实习", "實習", "internship"),
    ("住房", "住房", "housing"),
    ("导师", "導師", "mentor"),
    ("培训", "培訓", "training"),
    ("社会保险", "社會保險", "social insurance"),
    ("融资", "融資", "financing"),
    ("孵化基地", "孵化基地", "incubation base"),
    ("人才公寓", "人才公寓", "talent apartment"),
    ("创新创业大赛", "創新創業大賽", "innovation competition"),
    ("申请材料", "申請材料", "application documents"),
    ("资助", "資助", "funding"),
    ("租金减免", "租金減免", "rent waiver"),
    ("奖励", "獎勵", "award"),
    ("贷款贴息", "貸款貼息", "loan interest subsidy"),
    ("办公场地", "辦公場地", "office space"),
    ("专业资格认定", "專業資格認定", "recognition of professional qualifications"),
    ("服务窗口", "服務窗口", "service counter"),
    ("就业岗位", "就業崗位", "job positions"),
    ("见习基地", "見習基地", "traineeship base"),
    ("生活补助", "生活補助", "living allowance"),
    ("个人所得税", "個人所得稅", "individual income tax"),
    ("社区", "社區", "community"),
    ("审核", "審核", "review"),
    ("发放", "發放", "payment"),
    ("每月", "每月", "every month"),
    ("不超过", "不超過", "no more than"),
    ("三年", "三年", "three years"),
    ("营业执照", "營業執照", "business licence"),
]
MEASURES = [
    ("实施办法", "實施辦法", "implementing measures"),
    ("若干措施", "若干措施", "measures"),
    ("申领指引", "申領指引", "claim guide"),
    ("管理办法", "管理辦法", "administrative measures"),
    ("支持计划", "支持計劃", "support plan"),
]
TEXT_SENTENCES = {"summary": 2, "body": 12, "eligibility": 3, "benefits_text": 3, "how_to_apply": 3}
LANGUAGE_COLUMNS = ("zh_hans", "zh_hant", "en")


def available() -> str | None:
    return None  # on main since the start


def size_at(scale: float, *, quick: bool) -> int:
    return round(BASE_SIZE * scale / (10 if quick else 1))


# --- Data ------------------------------------------------------------------------------------


def _translated(values: tuple[str, str, str], field: str = "name") -> dict[str, str]:
    return {f"{field}_{column}": value for column, value in zip(LANGUAGE_COLUMNS, values, strict=True)}


def reference_data() -> dict[str, list]:
    """Issuers, regions, categories and target groups (created once, looked up by slug)."""
    from policies.models import Category, Issuer, TargetGroup
    from portal.models import Region

    regions: dict[str, Region] = {}
    for slug, hans, hant, english in CITIES:
        regions[slug], _ = Region.objects.get_or_create(
            slug=f"{SLUG_PREFIX}{slug}",
            defaults={"kind": Region.Kind.CITY, **_translated((hans, hant, english))},
        )
    for slug, parent, hans, hant, english, kind in DISTRICTS:
        regions[slug], _ = Region.objects.get_or_create(
            slug=f"{SLUG_PREFIX}{slug}",
            defaults={"kind": kind, "parent": regions[parent], **_translated((hans, hant, english))},
        )
    issuers = []
    for slug, hans, hant, english in CITIES:
        issuer, _ = Issuer.objects.get_or_create(
            slug=f"{SLUG_PREFIX}{slug}-hrss",
            defaults={
                "kind": Issuer.Kind.BUREAU,
                **_translated((f"{hans}市人社局", f"{hant}市人社局", f"{english} HRSS Bureau")),
            },
        )
        issuers.append(issuer)
    categories = [
        Category.objects.get_or_create(
            slug=f"{SLUG_PREFIX}{slug}", defaults={"order": n, **_translated((hans, hant, english))}
        )[0]
        for n, (slug, hans, hant, english) in enumerate(CATEGORIES)
    ]
    groups = [
        TargetGroup.objects.get_or_create(
            slug=f"{SLUG_PREFIX}{slug}", defaults={"order": n, **_translated((hans, hant, english))}
        )[0]
        for n, (slug, hans, hant, english) in enumerate(TARGET_GROUPS)
    ]
    region_list = list(Region.objects.filter(slug__startswith=SLUG_PREFIX).select_related("parent__parent"))
    return {"regions": region_list, "issuers": issuers, "categories": categories, "groups": groups}


def _texts(rng: random.Random, *, sentences: int, phrase: tuple[str, str, str] | None) -> tuple[str, str, str]:
    """One text in Simplified, Traditional and English, sentence by sentence in step."""
    hans, hant, english = [], [], []
    for n in range(sentences):
        words = [rng.choice(PHRASES) for _ in range(rng.randint(5, 9))]
        if phrase is not None and n == sentences // 2:
            words.insert(rng.randrange(len(words) + 1), phrase)
        hans.append("，".join(word[0] for word in words) + "。")
        hant.append("，".join(word[1] for word in words) + "。")
        english.append((" ".join(word[2] for word in words) + ".").capitalize())
    return "".join(hans), "".join(hant), " ".join(english)


def build_guide(index: int, *, pk: int, seed: int, ref: dict[str, list], now: datetime.datetime):
    """The guide number `index` and its M2M rows (unsaved instances). Its amounts would be a
    subsidy scheme's rule: the generated guides pay nothing (the list reads their schemes, none)."""
    from policies.models import Policy
    from policies.services import search_fields_of

    rng = random.Random(seed * 1_000_003 + index)
    region = rng.choice(ref["regions"])
    city = region.city
    measure = rng.choice(MEASURES)
    topic = rng.choice(PHRASES)
    mentions = rng.random() < SEARCH_SHARE
    status_roll = rng.random()
    status = Policy.Status.PUBLISHED if status_roll < 0.9 else Policy.Status.DRAFT if status_roll < 0.97 else "archived"
    published_at = now - datetime.timedelta(minutes=rng.randrange(7 * 365 * 24 * 60))
    fields: dict[str, str] = {}
    titles = (
        f"{city.name_zh_hans}{topic[0]}{measure[0]}（第{index}号）",
        f"{city.name_zh_hant}{topic[1]}{measure[1]}（第{index}號）",
        f"{city.name_en} {topic[2]} {measure[2]} (No. {index})",
    )
    fields.update(_translated(titles, "title"))
    phrase_in = rng.choice(list(TEXT_SENTENCES)) if mentions else None
    for name, sentences in TEXT_SENTENCES.items():
        fields.update(
            _translated(_texts(rng, sentences=sentences, phrase=SEARCH_PHRASE if name == phrase_in else None), name)
        )
    effective_from = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2500))
    policy = Policy(
        pk=pk,
        slug=f"{SLUG_PREFIX}{index:06d}",
        status=status,
        published_at=None if status == Policy.Status.DRAFT else published_at,
        issuer=rng.choice(ref["issuers"]),
        region=region,
        effective_from=effective_from,
        effective_to=effective_from + datetime.timedelta(days=365 * rng.randint(1, 5)) if rng.random() < 0.6 else None,
        source_title=titles[0],
        source_issuer=f"{city.name_zh_hans}市人力资源和社会保障局",
        source_reference=f"{city.name_zh_hans}人社规〔{2019 + index % 7}〕{index % 97 + 1}号",
        criteria_origins=rng.choice([[], ["hk"], ["macau"], ["hk", "macau"]]),
        criteria_min_age=18 if rng.random() < 0.5 else None,
        criteria_max_age=rng.choice([35, 40, 45]) if rng.random() < 0.5 else None,
        criteria_education=rng.choice([[], ["bachelor", "master", "phd"]]),
        criteria_situations=rng.choice([[], ["employed"], ["startup"], ["studying"]]),
        criteria_needs=rng.sample(["job", "internship", "funding", "housing", "mentor"], rng.randint(0, 2)),
        created_at=published_at,
        **fields,
    )
    policy.search_title, policy.search_text = search_fields_of(policy)
    categories = rng.sample(ref["categories"], rng.randint(1, 3))
    groups = rng.sample(ref["groups"], rng.randint(1, 3))
    return policy, categories, groups


def generate(size: int, *, seed: int) -> dict[str, int]:
    """Bring the benchmark's guides up to `size` (adds the missing ones; never rebuilds)."""
    from policies.models import Policy

    ref = reference_data()
    have = Policy.objects.filter(slug__startswith=SLUG_PREFIX).count()
    now = timezone.now().replace(second=0, microsecond=0)
    first_pk = next_id(Policy)
    CategoryLink, GroupLink = Policy.categories.through, Policy.target_groups.through  # noqa: N806
    link_pk = {CategoryLink: next_id(CategoryLink), GroupLink: next_id(GroupLink)}
    chunk = 2_000
    for start in range(have, size, chunk):
        guides, category_links, group_links = [], [], []
        for offset, index in enumerate(range(start, min(size, start + chunk))):
            policy, categories, groups = build_guide(
                index, pk=first_pk + start - have + offset, seed=seed, ref=ref, now=now
            )
            guides.append(policy)
            for category in categories:
                category_links.append(CategoryLink(pk=link_pk[CategoryLink], policy=policy, category=category))
                link_pk[CategoryLink] += 1
            for group in groups:
                group_links.append(GroupLink(pk=link_pk[GroupLink], policy=policy, targetgroup=group))
                link_pk[GroupLink] += 1
        copy_models(Policy, guides)
        copy_models(CategoryLink, category_links)
        copy_models(GroupLink, group_links)
    reset_sequences(Policy, CategoryLink, GroupLink)
    analyze(Policy, CategoryLink, GroupLink)
    # COPY sends no signal: move the page cache's content version as the app's writes do
    from policies.cache import content_changed

    content_changed()
    return {
        "policy guides": Policy.objects.count(),
        "guide-category rows": CategoryLink.objects.count(),
        "guide-target group rows": GroupLink.objects.count(),
    }


def expected_search_hits() -> int:
    """What the search must find, counted by hand in SQL (published guides mentioning it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM policies_policy WHERE status = 'published' AND search_text LIKE %s",
            ["%" + SEARCH_PHRASE[0] + "%"],
        )
        return cursor.fetchone()[0]


# --- Measurement -----------------------------------------------------------------------------

LIST_PATH = "/zh-hant/policies/"
SEARCH_PATH = "/zh-hant/policies/?search=" + quote(SEARCH_QUERY)


def measure(ctx: Context) -> None:
    """List and search against the floor, side by side, as the public gets them (anonymous:
    served from the page cache, policies/cache.py); their cold cost (cache miss: rendered and
    stored) in-process beside the floor; query counts both ways; plans of the search."""
    from django.test import Client

    from policies.cache import content_changed

    hits = expected_search_hits()
    ctx.figure("search: published guides matching (SQL)", hits, "rows")
    paths = {"list": LIST_PATH, "search": SEARCH_PATH}
    for name, path in paths.items():
        content_changed()  # a miss: the page is rendered, its queries are seen
        page = ctx.in_process(path)
        ctx.figure(f"{name}: queries per page, cold (cache miss)", page.queries, "queries")
        ctx.figure(f"{name}: queries per page, cached", ctx.in_process(path).queries, "queries")
        shown = page.text.replace(",", "")
        # beyond 1,000 matches the page says "more than 1,000" (in the page's language)
        if name == "search" and str(min(hits, 1000)) not in shown:
            ctx.note(f"search page does not show the SQL count {hits}: check the page")
        if ctx.is_largest_scale:
            for sql in page.sql:
                if sql.startswith("SELECT COUNT(*)") or (name == "search" and "search_text" in sql):
                    ctx.explain(f"{name} at {ctx.scale:g}x: {sql[:60]}...", sql)

    client = Client(HTTP_HOST="127.0.0.1")

    def cold(path):
        def call():
            content_changed()  # every kept page is stale: rendered and stored again
            client.get(path)

        return call

    times = ctx.interleaved(
        {
            "floor": lambda: client.get("/bench/floor"),
            # each cold call moves the version, making every kept page stale: the cached calls
            # come right after the cold call of their own page, which stored it again
            "list, cold": cold(LIST_PATH),
            "list, cached": lambda: client.get(LIST_PATH),
            "search, cold": cold(SEARCH_PATH),
            "search, cached": lambda: client.get(SEARCH_PATH),
        },
        rounds=10 if ctx.quick else 20,
    )
    for name, value in times.items():
        ctx.figure(f"in-process median: {name}", round(value, 2), "ms")
    ctx.figure("list, cold ÷ floor (in-process medians)", round(times["list, cold"] / times["floor"], 1), "")
    ctx.figure(
        "search, cold ÷ list, cold (in-process medians)", round(times["search, cold"] / times["list, cold"], 2), ""
    )
    ctx.cost("list page, cold (in-process ÷ floor)", times["list, cold"] / times["floor"])
    ctx.cost("search, cold (in-process ÷ floor)", times["search, cold"] / times["floor"])

    stats = ctx.side_by_side(paths)
    floor, listing, search = stats["floor"], stats["list"], stats["search"]
    ctx.target(
        Target(
            "1. list page req/s ÷ floor req/s",
            listing.rps / floor.rps,
            ">=",
            0.5,
            f"{listing.rps:.0f} vs {floor.rps:.0f} req/s",
        )
    )
    ctx.target(
        Target(
            "1. search p95 ÷ list p95",
            search.p95_ms / listing.p95_ms,
            "<=",
            2.0,
            f"{search.p95_ms:.1f} vs {listing.p95_ms:.1f} ms",
        )
    )
    ctx.target(
        Target(
            "1. cold (cache miss, in-process medians): search ÷ list",
            times["search, cold"] / times["list, cold"],
            "<=",
            2.0,
            f"{times['search, cold']:.1f} vs {times['list, cold']:.1f} ms",
        )
    )
    ctx.cost("list page (p50 ÷ floor p50)", listing.p50_ms / floor.p50_ms)
    ctx.cost("search (p50 ÷ floor p50)", search.p50_ms / floor.p50_ms)
