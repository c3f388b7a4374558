import django.db.models.deletion
from django.db import migrations, models

# PostgreSQL adds a varchar_pattern_ops twin to every unique or indexed text column,
# for LIKE 'prefix%'. Nothing filters these columns by pattern, so the twins were only
# written (two of them on every new complaint). On SQLite the names do not exist.
PATTERN_TWINS = [
    "complaints_complaint_reference_d6095155_like",
    "complaints_complaint_tracking_token_0b991f84_like",
    "complaints_message_email_message_id_9dca1ff9_like",
]


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0007_drop_redundant_fk_indexes'),
    ]

    operations = [
        *[
            migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', migrations.RunSQL.noop)
            for name in PATTERN_TWINS
        ],
        # As in 0007: message_complaint_id (complaint, id) serves every lookup by complaint.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='message',
                    name='complaint',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='complaints.complaint'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "complaints_message_complaint_id_e178ac06"',
                    'CREATE INDEX "complaints_message_complaint_id_e178ac06" ON "complaints_message" ("complaint_id")',
                ),
            ],
        ),
    ]
