"""Marking a block done is a participant's own: marks left by members of the block's
programme who take part in none of its editions (facilitators, observers) are removed, since
the page no longer offers them a way to undo them. Former members keep theirs, as the app
does when a membership ends."""

from django.db import migrations

STEPLEN = 4  # Wagtail's tree: four characters of path per level


def forwards(apps, schema_editor):
    BlockCompletion = apps.get_model("programme", "BlockCompletion")
    Membership = apps.get_model("cohort", "Membership")
    roles = {}  # (user, programme path): the roles she holds in its editions
    for user_id, path, role in Membership.objects.values_list("user_id", "cohort__path",
                                                             "role"):
        roles.setdefault((user_id, path[:-STEPLEN]), set()).add(role)
    stale = [pk for pk, user_id, path in
             BlockCompletion.objects.values_list("pk", "user_id", "block__path")
             if roles.get((user_id, path[:-STEPLEN]), {"participant"}).isdisjoint(
                 {"participant"})]
    for start in range(0, len(stale), 500):
        BlockCompletion.objects.filter(pk__in=stale[start:start + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0005_invitation_name_message"),
        ("cohort", "0007_user_bio"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
