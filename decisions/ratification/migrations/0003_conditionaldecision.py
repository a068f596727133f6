# Decision.ratification_case moves here as ConditionalDecision (ratification sits above decisions). The rows are
# copied here; decisions/0009 then drops the old column.

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):  # noqa: ANN001, ANN201
    Decision = apps.get_model("decisions", "Decision")  # noqa: N806
    ConditionalDecision = apps.get_model("ratification", "ConditionalDecision")  # noqa: N806
    db = schema_editor.connection.alias
    rows = Decision.objects.using(db).filter(ratification_case__isnull=False).values_list("pk", "ratification_case_id")
    ConditionalDecision.objects.using(db).bulk_create(
        [ConditionalDecision(decision_id=pk, case_id=case_id) for pk, case_id in rows]
    )


def copy_links_back(apps, schema_editor):  # noqa: ANN001, ANN201
    Decision = apps.get_model("decisions", "Decision")  # noqa: N806
    ConditionalDecision = apps.get_model("ratification", "ConditionalDecision")  # noqa: N806
    db = schema_editor.connection.alias
    for link in ConditionalDecision.objects.using(db).all():
        Decision.objects.using(db).filter(pk=link.decision_id).update(ratification_case_id=link.case_id)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0008_membershipdecision"),
        ("ratification", "0002_assembly_decisions"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConditionalDecision",
            fields=[
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="ratification_condition",
                        serialize=False,
                        to="decisions.decision",
                        verbose_name="beslut",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conditional_decision_links",
                        to="ratification.ratificationcase",
                        verbose_name="ratificeringsärende",
                    ),
                ),
            ],
            options={
                "verbose_name": "villkorat beslut",
                "verbose_name_plural": "villkorade beslut",
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
