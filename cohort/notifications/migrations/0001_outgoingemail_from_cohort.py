# The outbox moved here from the core app: the table stays, only the model's owner changes
# (state only), then the table takes this app's name.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cohort", "0005_requestcount"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingEmail",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(blank=True, max_length=200, null=True, unique=True)),
                        ("to", models.JSONField(verbose_name="recipients")),
                        ("from_email", models.CharField(blank=True, max_length=254)),
                        ("subject", models.CharField(max_length=255, verbose_name="subject")),
                        ("body", models.TextField()),
                        ("html_body", models.TextField(blank=True)),
                        ("status", models.CharField(choices=[("pending", "pending"), ("sent", "sent"), ("failed", "failed")], db_index=True, default="pending", max_length=10, verbose_name="status")),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "outgoing email",
                        "verbose_name_plural": "outgoing emails",
                        "ordering": ["-created_at"],
                        "db_table": "cohort_outgoingemail",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
