"""Recreate the search columns and indexes from decisions/search.py's expressions (PostgreSQL only).

The documents are the same as 0005's hand-written SQL; building them from the ORM expressions that the queries
use guarantees that the stored columns match what the queries ask for. Reversing keeps them: 0005's reversal
drops them. The agenda items' expression index, which this migration used to recreate, belongs to meetings since
meetings/0003 (on a database where this migration ran, 0003 finds the index and leaves it as it is).
"""

from django.db import migrations
from django.db.models.sql import Query

from decisions import search


def _ddl(expression, model, schema_editor):  # noqa: ANN001, ANN202
    """The expression as SQL over unqualified column names, values inlined (DDL takes no parameters)."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(expression.resolve_expression(query, allow_joins=False))
    return sql % tuple(schema_editor.quote_value(p) for p in params)


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    decision = apps.get_model("decisions", "Decision")
    summary = apps.get_model("decisions", "Summary")
    column = search.COLUMN
    for model, document, index in (
        (decision, search.decision_document(config="swedish"), "decision_search_gin"),
        (summary, search.summary_document(config="swedish"), "summary_search_gin"),
    ):
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS ({_ddl(document, model, schema_editor)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING GIN ({column})")


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0009_remove_decision_ratification_case"),
        ("meetings", "0002_meeting_justering_warned_at"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
