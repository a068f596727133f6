# The link from a membership change to the decision that made it moves from groups.Membership.decided_by to
# this app (decisions sit above groups). The rows are copied here; groups/0002 then drops the old column.

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):  # noqa: ANN001, ANN201
    Membership = apps.get_model("groups", "Membership")  # noqa: N806
    MembershipDecision = apps.get_model("decisions", "MembershipDecision")  # noqa: N806
    db = schema_editor.connection.alias
    rows = Membership.objects.using(db).filter(decided_by__isnull=False).values_list("pk", "decided_by_id")
    MembershipDecision.objects.using(db).bulk_create(
        [MembershipDecision(membership_id=pk, decision_id=decision_id) for pk, decision_id in rows]
    )


def copy_links_back(apps, schema_editor):  # noqa: ANN001, ANN201
    Membership = apps.get_model("groups", "Membership")  # noqa: N806
    MembershipDecision = apps.get_model("decisions", "MembershipDecision")  # noqa: N806
    db = schema_editor.connection.alias
    for link in MembershipDecision.objects.using(db).all():
        Membership.objects.using(db).filter(pk=link.membership_id).update(decided_by_id=link.decision_id)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0007_move_review_models_to_members"),
        ("groups", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="MembershipDecision",
            fields=[
                (
                    "membership",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="decision_link",
                        serialize=False,
                        to="groups.membership",
                        verbose_name="uppdrag i organ",
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="membership_links",
                        to="decisions.decision",
                        verbose_name="beslut",
                    ),
                ),
            ],
            options={
                "verbose_name": "beslut om uppdrag i organ",
                "verbose_name_plural": "beslut om uppdrag i organ",
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
