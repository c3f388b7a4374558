"""A standard SLA policy, so a fresh installation has clocks; edit or replace it in the admin."""

from django.db import migrations

TARGETS = {
    "*": {
        "acknowledgement": "PT4H",
        "first_response": "P1D",
        "next_update": "P1D",
        "resolution": "P10D",
    },
    "urgent": {
        "acknowledgement": "PT1H",
        "first_response": "PT4H",
        "next_update": "PT4H",
        "resolution": "P2D",
    },
}


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    SlaPolicy.objects.get_or_create(
        name="Standard", defaults={"order": 1000, "targets": TARGETS, "business_time": True}
    )


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("sla", "SlaPolicy").objects.filter(name="Standard").delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0002_sla_policies_deadlines_alerts")]
    operations = [migrations.RunPython(create, remove)]
