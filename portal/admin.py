from django.contrib import admin

from .models import AuditEntry

# What a declared filter may add to its field's name: a value, a range, a date part, never a
# hop to another field (`applicant__email__startswith` through a declared `applicant` filter).
_FILTER_SUFFIXES = {"exact", "isnull", "in", "gt", "gte", "lt", "lte", "range", "id", "pk", "year", "month", "day"}


class PersonalDataAdminMixin:
    """For the admin pages of models that hold personal data (identity numbers, names, emails,
    bank details, addresses, logs of what someone did): the changelist filters only by its
    declared `list_filter` and `date_hierarchy`, and searches only its declared `search_fields`.
    Django allows any lookup on a model's own fields in the query string:
    `?identity_number__startswith=A1` answered one character at a time read a full identity
    number back without an audit entry. Any other lookup is a 400 (DisallowedModelAdminLookup).
    tests/portal/test_admin_lookups.py fails for a registered model that holds personal data and
    whose admin lacks this mixin."""

    def lookup_allowed(self, lookup, value, request=None):
        allowed = set()
        for item in getattr(self, "list_filter", ()) or ():
            name = item[0] if isinstance(item, tuple | list) else item
            if isinstance(name, str):
                allowed.add(name)
            else:  # a SimpleListFilter class: its own parameter
                allowed.add(getattr(name, "parameter_name", ""))
        hierarchy = getattr(self, "date_hierarchy", None)
        if hierarchy:
            allowed.add(hierarchy)
        if lookup in allowed:
            return True
        for name in allowed:
            if name and lookup.startswith(name + "__"):
                rest = lookup[len(name) + 2 :].split("__")
                if all(part in _FILTER_SUFFIXES for part in rest):
                    return True
        return False


def guard_registered(model) -> None:
    """Swap the admin a package registered for `model` (axes' access logs, knox's tokens) for
    the same admin with PersonalDataAdminMixin."""
    registered = admin.site._registry.get(model)
    if registered is None or isinstance(registered, PersonalDataAdminMixin):
        return
    guarded = type(f"Guarded{type(registered).__name__}", (PersonalDataAdminMixin, type(registered)), {})
    admin.site.unregister(model)
    admin.site.register(model, guarded)


@admin.register(AuditEntry)
class AuditEntryAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """View only: the audit log is append-only (a database trigger refuses changes anyway)."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "object_type")
    list_select_related = ("actor",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
