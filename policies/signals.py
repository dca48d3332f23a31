"""Any saved or deleted row that shows on the public list moves the page cache's content version
(policies/cache.py): guides, categories and target groups, issuers and regions, and the subsidy
schemes and rule versions whose figures the guides show, whoever writes them (services, the
admin and its inlines, the demo loaders). Queryset `update()`s send no signal: the services that
use one call `cache.content_changed()` themselves."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.versioned_cache import finished_write

from . import cache

LIST_MODELS = ("Policy", "Category", "TargetGroup", "Issuer")
# The figures a guide shows are the subsidies app's: its schemes (their link to a guide) and rules.
SUBSIDY_MODELS = ("Scheme", "SchemeRule")


def _changed(sender, **kwargs) -> None:
    if finished_write(**kwargs):
        cache.content_changed()


def connect(app_config) -> None:
    from django.apps import apps

    from portal.models import Region

    models = [
        *((name, app_config.get_model(name)) for name in LIST_MODELS),
        ("Region", Region),
        *((name, apps.get_model("subsidies", name)) for name in SUBSIDY_MODELS),
    ]
    for name, model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"policies-cache-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"policies-cache-delete-{name}")
    policy = app_config.get_model("Policy")
    for through in (policy.categories.through, policy.target_groups.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"policies-cache-m2m-{through.__name__}")
