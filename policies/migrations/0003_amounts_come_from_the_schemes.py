"""A guide's amounts come from its subsidy schemes' rules (subsidies.SchemeRule), the one place a
measure's figures live: the guide's own copies (Benefit) go, and so does its scheme code (the
scheme links its guide now, subsidies 0005, which read it first).

A guide whose amounts no scheme holds would lose them: the migration stops and names it, so that
staff first give that measure a scheme with its rule."""

from django.db import migrations


def refuse_to_lose_figures(apps, schema_editor):
    Benefit = apps.get_model("policies", "Benefit")
    orphaned = sorted(
        set(Benefit.objects.filter(policy__schemes__isnull=True).values_list("policy__slug", flat=True))
    )
    if orphaned:
        raise RuntimeError(
            "These guides have amounts that no subsidy scheme holds; give each a scheme with its rule "
            "first: " + ", ".join(orphaned)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_region_moves_to_portal"),
        ("subsidies", "0005_scheme_policy_link"),
    ]

    operations = [
        migrations.RunPython(refuse_to_lose_figures, migrations.RunPython.noop),
        migrations.RemoveField(model_name="policy", name="scheme_code"),
        migrations.DeleteModel(name="Benefit"),
    ]
