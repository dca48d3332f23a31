"""Any saved or deleted row that shows on the public list moves the page cache's content version
(policies/cache.py): guides, their benefits, categories and target groups, issuers and regions,
whoever writes them (services, the admin and its inlines, the demo loader). Queryset `update()`s
send no signal: the services that use one call `cache.content_changed()` themselves."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.versioned_cache import finished_write

from . import cache

LIST_MODELS = ("Policy", "Benefit", "Category", "TargetGroup", "Issuer")


def _changed(sender, **kwargs) -> None:
    if finished_write(**kwargs):
        cache.content_changed()


def connect(app_config) -> None:
    from portal.models import Region

    for name, model in [*((name, app_config.get_model(name)) for name in LIST_MODELS), ("Region", Region)]:
        post_save.connect(_changed, sender=model, dispatch_uid=f"policies-cache-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"policies-cache-delete-{name}")
    policy = app_config.get_model("Policy")
    for through in (policy.categories.through, policy.target_groups.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"policies-cache-m2m-{through.__name__}")
