"""Marking a block done is a participant's own: marks left by people who take part in no
edition of the block's programme (facilitators, observers) are removed, since the page no
longer offers them a way to undo them."""

from django.db import migrations

STEPLEN = 4  # Wagtail's tree: four characters of path per level


def forwards(apps, schema_editor):
    BlockCompletion = apps.get_model("programme", "BlockCompletion")
    Membership = apps.get_model("cohort", "Membership")
    for completion in BlockCompletion.objects.select_related("block").iterator():
        programme_path = completion.block.path[:-STEPLEN]
        if not Membership.objects.filter(
                user_id=completion.user_id, role="participant",
                cohort__path__startswith=programme_path).exists():
            completion.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0005_invitation_name_message"),
        ("cohort", "0007_user_bio"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
