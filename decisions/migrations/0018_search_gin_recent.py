"""GIN indexes over the recent rows only, asked first by a search of a common word (PostgreSQL only; see
decisions/search.py RECENT_GIN_INDEXES)."""

from django.db import migrations

from decisions import search


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    search.create_recent_gin_indexes(schema_editor)


def backward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in search.RECENT_GIN_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0017_decision_search_gin_partial"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
