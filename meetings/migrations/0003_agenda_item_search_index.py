"""The agenda items' search index, moved here from decisions (0005 created it, 0010 rebuilt it from the ORM).

meetings owns the table, so it owns the index: built from meetings/search.py's expression, the one the public
search compares with (PostgreSQL only; SQLite for `make run` searches with LIKE). On a database where decisions'
migrations already made it, `IF NOT EXISTS` leaves it exactly as it is; on a new database this creates it. There
is no model state to move: an expression GIN index is not in the models' state (SQLite, which remakes tables
from that state, has no GIN), so the move is the database operation alone.
"""

from django.db import migrations
from django.db.models.sql import Query

from meetings.search import INDEX_NAME, agenda_item_document


def _ddl(expression, model, schema_editor):  # noqa: ANN001, ANN202
    """The expression as SQL over unqualified column names, values inlined (DDL takes no parameters)."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(expression.resolve_expression(query, allow_joins=False))
    return sql % tuple(schema_editor.quote_value(p) for p in params)


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    agenda_item = apps.get_model("meetings", "AgendaItem")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {schema_editor.quote_name(agenda_item._meta.db_table)} "
        f"USING GIN (({_ddl(agenda_item_document(), agenda_item, schema_editor)}))"
    )


def backward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_meeting_justering_warned_at")]

    operations = [migrations.RunPython(forward, backward)]
