from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_outgoingemail_from_cohort"),
        ("cohort", "0006_outgoingemail_moves_to_notifications"),
    ]

    operations = [
        migrations.AlterModelTable(name="outgoingemail", table=None),
        migrations.AddField(
            model_name="outgoingemail",
            name="headers",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
