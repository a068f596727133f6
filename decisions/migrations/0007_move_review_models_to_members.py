# The members' review models (ReadMark, PrivateNote, MemberQuestion) moved to the `members` app. Only Django's
# model state changes here; the tables stay as they are and `members` takes them over (members/0001).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0006_decision_has_published_summary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="MemberQuestion"),
                migrations.DeleteModel(name="PrivateNote"),
                migrations.DeleteModel(name="ReadMark"),
            ],
            database_operations=[],
        ),
    ]
