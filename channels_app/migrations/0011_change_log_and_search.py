"""The changes log's keyset index, and the GIN indexes of the site search on PostgreSQL.

The GIN indexes are expression indexes on exactly what channels_app.text_search asks
PostgreSQL to match (to_tsvector('simple', ...)), so the planner can use them; SQLite has no
GIN and searches with a plain scan (text_search), so nothing is created there.
"""

from django.db import migrations, models

# (name, table, the text expression, as text_search's SearchVector compiles it)
SEARCH_INDEXES = [
    ("change_note_search_idx", "channels_app_statechange", "COALESCE(note, '')"),
    ("evidence_title_search_idx", "channels_app_evidence", "COALESCE(title, '')"),
    (
        "channel_text_search_idx",
        "channels_app_channel",
        "COALESCE(name, '') || ' ' || COALESCE(description, '') || ' ' || COALESCE(mechanisms, '')",
    ),
]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, text in SEARCH_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, {text}))"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _text in SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("channels_app", "0010_detection_explanation"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="statechange",
            index=models.Index(
                condition=models.Q(("removed_at__isnull", True)),
                fields=["-recorded_at", "-id"],
                name="change_log_idx",
            ),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
