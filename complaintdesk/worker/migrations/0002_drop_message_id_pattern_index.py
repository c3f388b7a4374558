from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's varchar_pattern_ops twin of the unique message_id: nothing matches
    Message-IDs by pattern, and one was written with every queued email."""

    dependencies = [
        ('worker', '0001_initial'),
    ]

    operations = [
        migrations.RunSQL(
            'DROP INDEX IF EXISTS "worker_outboxmessage_message_id_c97d6e2f_like"',
            migrations.RunSQL.noop,
        ),
    ]
