# The members' review models, moved here from `decisions` without touching the database: the state is created
# on the tables decisions/0004 made (db_table keeps their names), and the content types are relabelled so that
# permissions and generic references to existing rows follow the models.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["readmark", "privatenote", "memberquestion"]


def relabel_content_types(apps, schema_editor):  # noqa: ANN001, ANN201
    ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
    db = schema_editor.connection.alias
    taken = set(ContentType.objects.using(db).filter(app_label="members").values_list("model", flat=True))
    ContentType.objects.using(db).filter(app_label="decisions", model__in=[m for m in MODELS if m not in taken]).update(
        app_label="members"
    )


def unlabel_content_types(apps, schema_editor):  # noqa: ANN001, ANN201
    ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
    db = schema_editor.connection.alias
    taken = set(ContentType.objects.using(db).filter(app_label="decisions").values_list("model", flat=True))
    ContentType.objects.using(db).filter(app_label="members", model__in=[m for m in MODELS if m not in taken]).update(
        app_label="decisions"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("decisions", "0007_move_review_models_to_members"),
        ("meetings", "0002_meeting_justering_warned_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MemberQuestion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "addressed_to",
                            models.CharField(
                                choices=[("sekreterare", "Sekreteraren"), ("foredragare", "Föredragaren")],
                                default="sekreterare",
                                max_length=20,
                                verbose_name="till",
                            ),
                        ),
                        ("text", models.TextField(max_length=4000, verbose_name="fråga")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="besvarad")),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.agendaitem"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "fråga inför mötet",
                        "verbose_name_plural": "frågor inför mötet",
                        "db_table": "decisions_memberquestion",
                        "ordering": ["created_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="PrivateNote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("text", models.TextField(max_length=10000, verbose_name="anteckning")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.agendaitem"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "decisions_privatenote",
                        "constraints": [
                            models.UniqueConstraint(fields=("author", "item"), name="privatenote_once_per_author_item")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ReadMark",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.agendaitem"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "decisions_readmark",
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "item"), name="readmark_once_per_user_item")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, unlabel_content_types),
    ]
