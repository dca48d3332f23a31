from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
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


class PersonalDataAdminMixin:
    """For the admin pages of models that hold personal data (identity numbers, names, emails,
    bank details): the changelist filters only by its declared `list_filter` and
    `date_hierarchy`, and searches only its declared `search_fields`. Django allows any lookup on
    a model's own fields in the query string: `?identity_number__startswith=A1` answered one
    character at a time read a full identity number back without an audit entry."""

    def lookup_allowed(self, lookup, value, request=None):
        allowed = set()
        for item in getattr(self, "list_filter", ()) or ():
            name = item[0] if isinstance(item, tuple | list) else item
            if isinstance(name, str):
                allowed.add(name)
            else:  # a SimpleListFilter class: its own parameter
                allowed.add(getattr(name, "parameter_name", ""))
        hierarchy = getattr(self, "date_hierarchy", None)
        field = lookup.split("__", 1)[0]
        if hierarchy and field == hierarchy:
            return True
        base = lookup.removesuffix("__exact").removesuffix("__id__exact").removesuffix("__isnull")
        return lookup in allowed or base in allowed or field in allowed and lookup.endswith(("__exact", "__isnull"))
