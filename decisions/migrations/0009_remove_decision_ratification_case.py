# Decision.ratification_case moved to ratification.ConditionalDecision (ratification/0003 copied the rows first).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0008_membershipdecision"),
        ("ratification", "0003_conditionaldecision"),
    ]

    operations = [
        migrations.RemoveField(model_name="decision", name="ratification_case"),
    ]
