"""Reports, bases and regions, however written (services, the admin, the demo loader), move the
statistics cache's version (incubators/cache.py): a base's region and recognition level group
and filter the sums, and a region's names and parent label and place the groups."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from portal.versioned_cache import finished_write

from . import cache


def _changed(sender, **kwargs) -> None:
    if finished_write(**kwargs):
        cache.stats_changed()


def connect(app_config) -> None:
    from portal.models import Region

    for name, model in [
        *((name, app_config.get_model(name)) for name in ("ProjectCountReport", "Base")),
        ("Region", Region),
    ]:
        post_save.connect(_changed, sender=model, dispatch_uid=f"incubators-stats-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"incubators-stats-delete-{name}")
