"""The decisions' GIN index only over decisions without a published summary (PostgreSQL only; see
decisions/search.py DECISION_GIN_WHERE). Reversing makes it whole again."""

from django.db import migrations

from decisions import search


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    search.create_decision_gin_index(schema_editor)


def backward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS decision_search_gin")
    schema_editor.execute(f"CREATE INDEX decision_search_gin ON decisions_decision USING GIN ({search.COLUMN})")


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0016_search_walk_indexes"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
