"""Rights on organs are computed from memberships (groups.permissions); the rows the old services and the nightly
sync wrote would keep granting through guardian's backend (a re-linked Person's old user kept them), so they go.
Rows an admin grants by hand from now on are the only guardian rows."""

from django.db import migrations

SYNCED = ("view_organ_internal", "manage_organ")


def drop_synced_rows(apps, schema_editor):
    for name in ("OrganUserObjectPermission", "OrganGroupObjectPermission"):
        apps.get_model("groups", name).objects.filter(permission__codename__in=SYNCED).delete()


class Migration(migrations.Migration):
    dependencies = [("groups", "0005_api_timestamps")]

    operations = [migrations.RunPython(drop_synced_rows, migrations.RunPython.noop)]
