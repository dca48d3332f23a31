"""Migration 0004: every base's (and history row's) city and district strings become its Region,
the missing places created with their three names."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("incubators", "0003_base_region")]
AFTER = [("incubators", "0005_base_region_replaces_city_and_district")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def every_migration_again():
    """Going back to 0003 also unapplies what depends on the bases in other apps (the subsidies'
    beneficiaries, the opportunities' employers ...): put the whole schema back for the tests
    that follow on this database, whatever the test did."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_city_and_district_strings_become_regions(every_migration_again):
    apps = _migrate(BEFORE)
    try:
        Region = apps.get_model("portal", "Region")
        Base = apps.get_model("incubators", "Base")
        History = apps.get_model("incubators", "HistoricalBase")
        shenzhen = Region.objects.create(
            slug="shenzhen", kind="city", name="深圳", name_zh_hant="深圳", name_zh_hans="深圳", name_en="Shenzhen"
        )
        Region.objects.create(
            slug="futian",
            kind="district",
            parent=shenzhen,
            name="福田區",
            name_zh_hant="福田區",
            name_zh_hans="福田区",
            name_en="Futian District",
        )

        def base(name, city, district):
            row = Base.objects.create(
                name=name,
                name_en=name,
                address="-",
                **{f"city_{lang}": text for lang, text in zip(("zh_hant", "zh_hans", "en"), city, strict=True)},
                city=city[0],
                **{f"district_{lang}": text for lang, text in zip(("zh_hant", "zh_hans", "en"), district, strict=True)},
                district=district[0],
            )
            History.objects.create(
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
        apps = _migrate(AFTER)
    Region = apps.get_model("portal", "Region")
    Base = apps.get_model("incubators", "Base")
    History = apps.get_model("incubators", "HistoricalBase")
    where = {key: Base.objects.select_related("region__parent").get(pk=pk).region for key, pk in ids.items()}
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
    assert Region.objects.get(slug="huizhou").name_en == "Huizhou"
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
    assert Region.objects.filter(slug="shenzhen").count() == 1 and Region.objects.count() == 9
    for key, pk in ids.items():
        assert History.objects.get(id=pk).region_id == where[key].pk, key
