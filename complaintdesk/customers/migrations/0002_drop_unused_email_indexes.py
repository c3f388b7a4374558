from django.db import migrations, models


class Migration(migrations.Migration):
    """Addresses are matched case-blind only, through customer_email_ci; the plain index
    on email (and PostgreSQL's pattern-ops twin) was written for every new customer and
    read by nothing."""

    dependencies = [
        ('customers', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='customer',
                    name='email',
                    field=models.EmailField(blank=True, max_length=254),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "customers_customer_email_300e404b_like"',
                    migrations.RunSQL.noop,
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "customers_customer_email_300e404b"',
                    'CREATE INDEX "customers_customer_email_300e404b" ON "customers_customer" ("email")',
                ),
            ],
        ),
    ]
