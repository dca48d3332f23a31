"""A scheme links its policy guide by a foreign key (was a slug string): each scheme gets the guide
its `policy_slug` named, or else the guide whose `scheme_code` named the scheme; then the slug
goes. A claim's transitions now PROTECT it: deleting a claim no longer takes its history along."""

import django.db.models.deletion
from django.db import migrations, models


def link_guides(apps, schema_editor):
    Scheme = apps.get_model("subsidies", "Scheme")
    Policy = apps.get_model("policies", "Policy")
    for scheme in Scheme.objects.filter(policy__isnull=True):
        policy = None
        if scheme.policy_slug:
            policy = Policy.objects.filter(slug=scheme.policy_slug).first()
        if policy is None:
            policy = Policy.objects.filter(scheme_code=scheme.code).order_by("pk").first()
        if policy is not None:
            scheme.policy = policy
            scheme.save(update_fields=["policy"])


def unlink_guides(apps, schema_editor):
    Scheme = apps.get_model("subsidies", "Scheme")
    for scheme in Scheme.objects.filter(policy__isnull=False).select_related("policy"):
        scheme.policy_slug = scheme.policy.slug
        scheme.save(update_fields=["policy_slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_region_moves_to_portal"),
        ("subsidies", "0004_free_text_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="policy",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="schemes",
                to="policies.policy",
                verbose_name="policy guide",
            ),
        ),
        migrations.RunPython(link_guides, unlink_guides),
        migrations.RemoveField(model_name="scheme", name="policy_slug"),
        migrations.AlterField(
            model_name="claimtransition",
            name="claim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="transitions", to="subsidies.claim"
            ),
        ),
    ]
