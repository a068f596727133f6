"""Swedish search with compounds, identifiers, "Menade du …?" and handlingar (PostgreSQL parts only).

- The text search configuration `lgl_swedish` (decisions/search.py `create_text_search_config`): with Debian's
  hunspell-sv as an ispell dictionary when tsearch_data holds sv_se.dict/sv_se.affix
  (scripts/pg_swedish_dictionary.sh), else a copy of `swedish` (compounds then found by prefix only).
  Run `python manage.py swedish_search` after installing the dictionary later: it remaps and rewrites.
- The stored search columns and the agenda items' index rebuilt over `lgl_swedish`.
- Exact-identifier indexes: UPPER(diarienummer) and paragraph_label.
- pg_trgm and a trigram index over the public vocabulary (SearchTerm).
- A stored search column with a GIN index on the extracted text of handlingar.
"""

import django.db.models.deletion
from django.db import migrations, models

from decisions import search


def forward(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    search.create_text_search_config(schema_editor)
    search.rebuild_documents(apps, schema_editor)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS decision_dnr_upper ON decisions_decision (UPPER(diarienummer)) "
        "WHERE diarienummer <> ''"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS decision_paragraph_label ON decisions_decision (paragraph_label) "
        "WHERE paragraph_label <> ''"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS agendaitem_dnr_upper ON meetings_agendaitem (UPPER(diarienummer)) "
        "WHERE diarienummer <> ''"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS searchterm_word_trgm ON decisions_searchterm USING GIN (word gin_trgm_ops)"
    )


class Migration(migrations.Migration):

    atomic = True

    dependencies = [
        ('decisions', '0012_decision_publication'),
        ('meetings', '0003_agenda_item_search_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='HandlingText',
            fields=[
                ('attachment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='extracted_text', serialize=False, to='meetings.attachment')),
                ('status', models.CharField(choices=[('vantar', 'Väntar'), ('pagar', 'Pågår'), ('klar', 'Klar'), ('misslyckades', 'Misslyckades'), ('ej_text', 'Ingen text att läsa')], default='vantar', max_length=20)),
                ('text', models.TextField(blank=True)),
                ('error', models.CharField(blank=True, max_length=300)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'text ur handling',
                'verbose_name_plural': 'texter ur handlingar',
            },
        ),
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('word', models.CharField(max_length=100, primary_key=True, serialize=False)),
                ('frequency', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'sökord',
                'verbose_name_plural': 'sökord',
            },
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
