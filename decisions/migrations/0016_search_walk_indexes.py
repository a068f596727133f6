"""Covering indexes for the search's walk along the date (PostgreSQL only; see decisions/search.py WALK_INDEXES)."""

from django.db import migrations

from decisions import search


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    search.create_walk_indexes(schema_editor)


def backward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in search.WALK_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0015_search_exact"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
