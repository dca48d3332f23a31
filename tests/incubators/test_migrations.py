"""Migration 0004: every base's (and history row's) city and district strings become its Region,
the missing places created with their three names."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("incubators", "0003_base_region")]
AFTER = [("incubators", "0005_base_region_replaces_city_and_district")]


@pytest.fixture
def scratch(django_db_blocker):
    """A database of its own on the test server, empty: migrating it to 0003 applies only what
    0003 needs, and the test's database keeps its schema (going back on it would unapply every
    app that depends on the bases, and applying them again cost a minute)."""
    default = connections["default"].settings_dict
    name = f"scratch_{uuid.uuid4().hex[:10]}"
    server = {"host": default["HOST"], "port": default["PORT"], "user": default["USER"], "dbname": "postgres"}
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    connections.settings["scratch"] = {**default, "NAME": name}
    try:
        with django_db_blocker.unblock():
            yield "scratch"
    finally:
        connections["scratch"].close()
        del connections["scratch"]
        del connections.settings["scratch"]
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _migrate(db, targets):
    executor = MigrationExecutor(connections[db])
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_city_and_district_strings_become_regions(scratch):
    apps = _migrate(scratch, BEFORE)
    try:
        Region = apps.get_model("portal", "Region")
        Base = apps.get_model("incubators", "Base")
        History = apps.get_model("incubators", "HistoricalBase")
        shenzhen = Region.objects.using(scratch).create(
            slug="shenzhen", kind="city", name="深圳", name_zh_hant="深圳", name_zh_hans="深圳", name_en="Shenzhen"
        )
        Region.objects.using(scratch).create(
            slug="futian",
            kind="district",
            parent=shenzhen,
            name="福田區",
            name_zh_hant="福田區",
            name_zh_hans="福田区",
            name_en="Futian District",
        )

        def base(name, city, district):
            row = Base.objects.using(scratch).create(
                name=name,
                name_en=name,
                address="-",
                **{f"city_{lang}": text for lang, text in zip(("zh_hant", "zh_hans", "en"), city, strict=True)},
                city=city[0],
                **{f"district_{lang}": text for lang, text in zip(("zh_hant", "zh_hans", "en"), district, strict=True)},
                district=district[0],
            )
            History.objects.using(scratch).create(
                id=row.pk,
                name=name,
                address="-",
                city=city[0],
                city_en=city[2],
                district=district[0],
                district_en=district[2],
                history_date="2023-01-01T00:00:00Z",
                history_type="+",
            )
            return row.pk

        ids = {
            "workshop": base("Workshop", ("深圳", "深圳", "Shenzhen"), ("福田區", "福田区", "Futian")),
            "nanshan": base("Nanshan", ("深圳市", "深圳市", "Shenzhen"), ("南山區", "南山区", "Nanshan")),
            "qianhai": base("Qianhai", ("深圳", "深圳", "Shenzhen"), ("前海", "前海", "Qianhai")),
            "huizhou": base(
                "Centre", ("惠州", "惠州", "Huizhou"), ("仲愷高新區", "仲恺高新区", "Zhongkai Hi-tech Zone")
            ),
            "dongguan": base("Lake", ("東莞", "东莞", "Dongguan"), ("松山湖", "松山湖", "Songshan Lake")),
            "hong_kong": base("Enclave", ("香港", "香港", "Hong Kong"), ("", "", "")),
        }
    finally:
        apps = _migrate(scratch, AFTER)
    Region = apps.get_model("portal", "Region")
    Base = apps.get_model("incubators", "Base")
    History = apps.get_model("incubators", "HistoricalBase")
    where = {
        key: Base.objects.using(scratch).select_related("region__parent").get(pk=pk).region for key, pk in ids.items()
    }
    assert where["workshop"].slug == "futian"  # the existing row, whatever its English name
    assert (where["nanshan"].slug, where["nanshan"].kind, where["nanshan"].parent.slug) == (
        "nanshan",
        "district",
        "shenzhen",
    )
    assert (where["nanshan"].name_zh_hant, where["nanshan"].name_zh_hans, where["nanshan"].name_en) == (
        "南山區",
        "南山区",
        "Nanshan District",
    )
    assert (where["qianhai"].slug, where["qianhai"].kind) == ("qianhai", "zone")
    assert (where["huizhou"].slug, where["huizhou"].parent.slug) == ("zhongkai", "huizhou")
    assert Region.objects.using(scratch).get(slug="huizhou").name_en == "Huizhou"
    # a place the seeds do not name: created from the base's own strings
    lake = where["dongguan"]
    assert (lake.slug, lake.kind, lake.name_en, lake.name_zh_hans, lake.parent.slug) == (
        "songshan-lake",
        "district",
        "Songshan Lake",
        "松山湖",
        "dongguan",
    )
    assert (where["hong_kong"].slug, where["hong_kong"].kind) == ("hong-kong", "city")  # no district: its city
    assert (
        Region.objects.using(scratch).filter(slug="shenzhen").count() == 1
        and Region.objects.using(scratch).count() == 9
    )
    for key, pk in ids.items():
        assert History.objects.using(scratch).get(id=pk).region_id == where[key].pk, key
