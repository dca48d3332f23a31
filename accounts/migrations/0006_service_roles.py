from django.db import migrations

# The roles of the opportunities, events and bookings apps, created like the roles of 0002_roles:
# employers post vacancies, organisers run event sessions, partner hotels confirm nights.
ROLES = ["employer", "organiser", "partner"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_place_operator_role")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
