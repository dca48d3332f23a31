from django.db import migrations

# The role of those who keep a service point's details (places app), created like the roles of
# 0002_roles.
ROLES = ["place_operator"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_email_verified")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
