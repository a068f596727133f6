# Membership.decided_by moved to decisions.MembershipDecision (decisions/0008 copied the rows first).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0008_membershipdecision"),
        ("groups", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="membership", name="decided_by"),
    ]
