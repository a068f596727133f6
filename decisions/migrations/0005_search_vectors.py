"""Full-text search columns and GIN indexes, on PostgreSQL only (SQLite for `make run` searches with LIKE)."""

from django.db import migrations

from decisions import search_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in search_sql.FORWARD_SQL:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in search_sql.BACKWARD_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0004_memberquestion_summary_summaryevent_privatenote_and_more"),
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
