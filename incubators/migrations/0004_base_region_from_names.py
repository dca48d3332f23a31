# Every base (and every row of its change history) gets the Region its city and district strings
# name: the portal's one geography (portal.Region, table policies_region) replaces the free
# text. A city or district no Region row names yet is created, with its three names from the
# seeds (DOMAIN.md) when it is one of the places below, else from the base's own strings.
#
# Names are compared loosely: case, spaces and a trailing 市 / 区 / 區 / "District" / "City" are
# ignored, so "福田", "福田區" and "Futian District" are one place. A base's district is looked for
# under its city (a district, or a zone such as Qianhai); a base without a district is placed at
# its city. Reversible: the strings are written back from the regions.

from django.db import migrations
from django.utils.text import slugify

CITY, DISTRICT, ZONE = "city", "district", "zone"

# slug, kind, parent slug, Traditional, Simplified, English (the seeds' places and their neighbours;
# slugs as the policy guides already use them)
KNOWN = [
    ("shenzhen", CITY, None, "深圳", "深圳", "Shenzhen"),
    ("futian", DISTRICT, "shenzhen", "福田區", "福田区", "Futian District"),
    ("luohu", DISTRICT, "shenzhen", "羅湖區", "罗湖区", "Luohu District"),
    ("nanshan", DISTRICT, "shenzhen", "南山區", "南山区", "Nanshan District"),
    ("yantian", DISTRICT, "shenzhen", "鹽田區", "盐田区", "Yantian District"),
    ("baoan", DISTRICT, "shenzhen", "寶安區", "宝安区", "Bao'an District"),
    ("longgang", DISTRICT, "shenzhen", "龍崗區", "龙岗区", "Longgang District"),
    ("longhua", DISTRICT, "shenzhen", "龍華區", "龙华区", "Longhua District"),
    ("pingshan", DISTRICT, "shenzhen", "坪山區", "坪山区", "Pingshan District"),
    ("guangming", DISTRICT, "shenzhen", "光明區", "光明区", "Guangming District"),
    ("dapeng", DISTRICT, "shenzhen", "大鵬新區", "大鹏新区", "Dapeng New District"),
    ("qianhai", ZONE, "shenzhen", "前海", "前海", "Qianhai"),
    (
        "hetao",
        ZONE,
        "futian",
        "河套深港科技創新合作區",
        "河套深港科技创新合作区",
        "Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone",
    ),
    ("huizhou", CITY, None, "惠州", "惠州", "Huizhou"),
    ("huicheng", DISTRICT, "huizhou", "惠城區", "惠城区", "Huicheng District"),
    ("huiyang", DISTRICT, "huizhou", "惠陽區", "惠阳区", "Huiyang District"),
    ("zhongkai", DISTRICT, "huizhou", "仲愷高新區", "仲恺高新区", "Zhongkai High-tech Zone"),
    ("daya-bay", DISTRICT, "huizhou", "大亞灣開發區", "大亚湾开发区", "Daya Bay Development Zone"),
    ("boluo", DISTRICT, "huizhou", "博羅縣", "博罗县", "Boluo County"),
    ("huidong", DISTRICT, "huizhou", "惠東縣", "惠东县", "Huidong County"),
    ("longmen", DISTRICT, "huizhou", "龍門縣", "龙门县", "Longmen County"),
    ("hong-kong", CITY, None, "香港", "香港", "Hong Kong"),
    ("kowloon-tong", DISTRICT, "hong-kong", "九龍塘", "九龙塘", "Kowloon Tong"),
]
KNOWN_BY_SLUG = {row[0]: row for row in KNOWN}
SUFFIXES = ("district", "county", "city", "市", "區", "区", "縣", "县")
LANGS = ("zh_hant", "zh_hans", "en")


def normal(text):
    folded = "".join((text or "").split()).casefold()
    for suffix in SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded[: -len(suffix)]
    return folded


def names_of(row, field):
    """The row's strings for `field` (city or district), every language, without blanks."""
    values = [getattr(row, f"{field}_{lang}", None) for lang in LANGS] + [getattr(row, field, None)]
    return [value.strip() for value in values if value and value.strip()]


class Places:
    """The Region rows, looked up and created as the bases need them."""

    def __init__(self, Region, db):
        self.objects = Region.objects.using(db)
        self.rows = list(self.objects.all())
        self.by_id = {region.pk: region for region in self.rows}

    def _called(self, region, wanted):
        return (
            any(normal(getattr(region, f"name_{lang}", None) or "") in wanted for lang in LANGS)
            or normal(region.name) in wanted
        )

    def _under(self, region, city):
        parent = self.by_id.get(region.parent_id)
        while parent is not None:
            if parent.pk == city.pk:
                return True
            parent = self.by_id.get(parent.parent_id)
        return False

    def _slug(self, wanted):
        slug, n = wanted or "place", 1
        taken = {region.slug for region in self.rows}
        while slug in taken:
            n += 1
            slug = f"{wanted or 'place'}-{n}"
        return slug

    def _create(self, *, slug, kind, parent, hant, hans, en):
        region = self.objects.create(
            slug=slug,
            kind=kind,
            parent=parent,
            name=hant or hans or en,
            name_zh_hant=hant or hans or en,
            name_zh_hans=hans or hant or en,
            name_en=en or hant or hans,
        )
        self.rows.append(region)
        self.by_id[region.pk] = region
        return region

    def _known(self, slug):
        """The known place of that slug, created (with its parent) if missing."""
        existing = next((region for region in self.rows if region.slug == slug), None)
        if existing is not None:
            return existing
        _slug, kind, parent_slug, hant, hans, en = KNOWN_BY_SLUG[slug]
        parent = self._known(parent_slug) if parent_slug else None
        return self._create(slug=slug, kind=kind, parent=parent, hant=hant, hans=hans, en=en)

    def _known_called(self, wanted, *, city=None):
        for slug, kind, parent_slug, hant, hans, en in KNOWN:
            if {normal(hant), normal(hans), normal(en)} & wanted and (
                (city is None and kind == CITY) or (city is not None and kind != CITY and self._known_under(slug, city))
            ):
                return self._known(slug)
        return None

    def _known_under(self, slug, city):
        parent = KNOWN_BY_SLUG[slug][2]
        while parent is not None:
            if parent == city.slug:
                return True
            parent = KNOWN_BY_SLUG[parent][2]
        return False

    def city(self, names, texts):
        wanted = {normal(name) for name in names} - {""}
        found = next((r for r in self.rows if r.kind == CITY and self._called(r, wanted)), None)
        found = found or self._known_called(wanted)
        if found is None:
            hant, hans, en = texts
            found = self._create(
                slug=self._slug(slugify(en) or "city"), kind=CITY, parent=None, hant=hant, hans=hans, en=en
            )
        return found

    def district(self, names, texts, city):
        wanted = {normal(name) for name in names} - {""}
        found = next(
            (r for r in self.rows if r.kind != CITY and self._under(r, city) and self._called(r, wanted)), None
        )
        found = found or self._known_called(wanted, city=city)
        if found is None:
            hant, hans, en = texts
            found = self._create(
                slug=self._slug(slugify(en) or f"{city.slug}-district"),
                kind=DISTRICT,
                parent=city,
                hant=hant,
                hans=hans,
                en=en,
            )
        return found

    def of(self, row):
        city = self.city(names_of(row, "city") or ["?"], _texts(row, "city"))
        districts = names_of(row, "district")
        return self.district(districts, _texts(row, "district"), city) if districts else city


def _by_language(row, field):
    return [(getattr(row, f"{field}_{lang}", None) or "").strip() for lang in LANGS]


def _texts(row, field):
    """(Traditional, Simplified, English) of the row's `field`, each falling back to the others."""
    texts = _by_language(row, field)
    fallback = next((text for text in texts if text), (getattr(row, field, None) or "").strip() or "?")
    return tuple(text or fallback for text in texts)


def forwards(apps, schema_editor):
    db = schema_editor.connection.alias
    places = Places(apps.get_model("portal", "Region"), db)
    found = {}
    for model in (apps.get_model("incubators", "Base"), apps.get_model("incubators", "HistoricalBase")):
        rows = model.objects.using(db)
        for row in rows.all().iterator():
            key = (tuple(_by_language(row, "city")), tuple(_by_language(row, "district")), row.city, row.district)
            if key not in found:
                found[key] = places.of(row)
            rows.filter(pk=row.pk).update(region=found[key])


def backwards(apps, schema_editor):
    db = schema_editor.connection.alias
    by_id = {region.pk: region for region in apps.get_model("portal", "Region").objects.using(db).all()}
    for model in (apps.get_model("incubators", "Base"), apps.get_model("incubators", "HistoricalBase")):
        rows = model.objects.using(db)
        for row in rows.exclude(region=None).iterator():
            region = by_id.get(row.region_id)
            if region is None:
                continue
            chain = [region]
            while chain[-1].parent_id in by_id:
                chain.append(by_id[chain[-1].parent_id])
            city = next((r for r in chain if r.kind == CITY), chain[-1])
            district = None if region.kind == CITY else region
            if region.kind == ZONE and region.parent_id in by_id and by_id[region.parent_id].kind == DISTRICT:
                district = by_id[region.parent_id]
            values = {"city": city.name, "district": district.name if district else ""}
            for lang in LANGS:
                values[f"city_{lang}"] = getattr(city, f"name_{lang}", None) or city.name
                values[f"district_{lang}"] = (
                    (getattr(district, f"name_{lang}", None) or district.name) if district else ""
                )
            rows.filter(pk=row.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("incubators", "0003_base_region"),
        ("portal", "0003_region"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
