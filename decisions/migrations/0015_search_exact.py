"""The exact-word search documents stored as generated columns (PostgreSQL only; see decisions/search.py
`EXACT_COLUMN`): ranking read them instead of computing them for every candidate of every search."""

from django.db import migrations

from decisions import search


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    search.add_exact_documents(apps, schema_editor)


def backward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("decisions_decision", "decisions_summary", "decisions_handlingtext"):
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {search.EXACT_COLUMN}")


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0014_decision_point"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
