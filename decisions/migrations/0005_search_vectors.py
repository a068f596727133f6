"""Full-text search columns and GIN indexes, on PostgreSQL only (SQLite for `make run` searches with LIKE)."""

from django.db import migrations

# The SQL as it was written when this migration was made (decisions/search_sql.py, since replaced by
# decisions/search.py and migration 0010, which recreates these columns and indexes from the ORM expressions).
CONFIG = "swedish"

DECISION_VECTOR = (
    "setweight(to_tsvector('swedish', coalesce(title, '') || ' ' || coalesce(paragraph_label, '') || ' ' "
    "|| coalesce(diarienummer, '')), 'A') || setweight(to_tsvector('swedish', coalesce(text, '')), 'B') "
    "|| setweight(to_tsvector('swedish', coalesce(condition_text, '')), 'C')"
)
SUMMARY_VECTOR = (
    "setweight(to_tsvector('swedish', coalesce(title, '')), 'A') "
    "|| setweight(to_tsvector('swedish', coalesce(bullets, '')), 'B') "
    "|| setweight(to_tsvector('swedish', coalesce(background, '')), 'B')"
)


# The agenda items' index was created here too; it belongs to meetings now (meetings/0003 creates it where it is
# missing, and on databases where this migration ran it is left as it is).

FORWARD_SQL = [
    f"ALTER TABLE decisions_decision ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({DECISION_VECTOR}) STORED",
    "CREATE INDEX decision_search_gin ON decisions_decision USING GIN (search_vector)",
    f"ALTER TABLE decisions_summary ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({SUMMARY_VECTOR}) STORED",
    "CREATE INDEX summary_search_gin ON decisions_summary USING GIN (search_vector)",
]
BACKWARD_SQL = [
    "ALTER TABLE decisions_summary DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE decisions_decision DROP COLUMN IF EXISTS search_vector",
]



def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD_SQL:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0004_memberquestion_summary_summaryevent_privatenote_and_more"),
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
