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
