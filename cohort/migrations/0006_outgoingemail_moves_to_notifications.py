from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cohort", "0005_requestcount"),
        ("notifications", "0001_outgoingemail_from_cohort"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutgoingEmail")],
            database_operations=[],
        ),
    ]
