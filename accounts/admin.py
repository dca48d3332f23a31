from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from portal.admin import PersonalDataAdminMixin, guard_registered
from portal.audit import AuditAction, record

from .models import Notification, User


def _roles(user: User) -> set[str]:
    names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    return names | ({"superuser"} if user.is_superuser else set())


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_active", "preferred_language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal info"),
            {"fields": ["full_name", "preferred_language", "date_of_birth", "residence", "study_status"]},
        ),
        (_("Roles and permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_model(self, request, obj, form, change):
        # the roles before the change: the superuser flag is saved here, the groups below
        obj._roles_before = _roles(User.objects.get(pk=obj.pk)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """A role given or taken away here (an approver's, a reviewer's, the superuser flag) is an
        audit entry, in the admin's transaction, like every other staff action on personal data."""
        super().save_related(request, form, formsets, change)
        user = form.instance
        before, after = getattr(user, "_roles_before", set()), _roles(user)
        for role in sorted(after - before):
            record(request.user, AuditAction.ROLE_GRANTED, user, role=role)
        for role in sorted(before - after):
            record(request.user, AuditAction.ROLE_REMOVED, user, role=role)


@admin.register(Notification)
class NotificationAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "emailed_at", "read_at"]
    search_fields = ["subject", "recipient__email", "key"]
    readonly_fields = ["recipient", "key", "subject", "body", "url", "created_at", "emailed_at", "read_at"]


# The packages' admins of sign-in attempts (addresses, user agents, the names typed in) and of
# API tokens (whose they are) filter only by what they declare, like the portal's own.
for _model in (AccessAttempt, AccessLog, AccessFailureLog, AuthToken):
    guard_registered(_model)
