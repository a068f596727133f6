# The open API's `created` and `modified`: rows that existed before get the time of this migration.
import django.utils.timezone
from django.db import migrations, models


def _stamps(model: str) -> list:
    return [
        migrations.AddField(
            model_name=model,
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model,
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("groups", "0004_law")]

    operations = [
        *_stamps("organisation"),
        *_stamps("person"),
        *_stamps("organ"),
        *_stamps("membership"),
    ]
