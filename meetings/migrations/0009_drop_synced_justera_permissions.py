"""Who may justera a meeting is computed from its chair and adjusters (meetings.permissions); the rows the old
services wrote are removed so guardian's backend cannot keep granting after a change."""

from django.db import migrations


def drop_synced_rows(apps, schema_editor):
    for name in ("MeetingUserObjectPermission", "MeetingGroupObjectPermission"):
        apps.get_model("meetings", name).objects.filter(permission__codename="justera_meeting").delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_agendaitem_public_title")]

    operations = [migrations.RunPython(drop_synced_rows, migrations.RunPython.noop)]
