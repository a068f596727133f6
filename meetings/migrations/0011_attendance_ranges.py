"""Attendance by paragraph: each row's single fr.o.m./t.o.m. becomes a set of ranges (issue 13)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_ranges(apps, schema_editor):
    Attendance = apps.get_model("meetings", "Attendance")
    AttendanceRange = apps.get_model("meetings", "AttendanceRange")
    rows = Attendance.objects.exclude(from_item=None, until_item=None).values_list("pk", "from_item_id", "until_item_id")
    AttendanceRange.objects.bulk_create(
        AttendanceRange(attendance_id=pk, from_item_id=start, until_item_id=end) for pk, start, end in rows
    )


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0010_protocol_frame'),
    ]

    operations = [
        migrations.CreateModel(
            name='AttendanceRange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('attendance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ranges', to='meetings.attendance')),
                ('from_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='meetings.agendaitem', verbose_name='från och med')),
                ('until_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='meetings.agendaitem', verbose_name='till och med')),
            ],
            options={
                'verbose_name': 'närvaro för paragrafer',
                'verbose_name_plural': 'närvaro för paragrafer',
                'ordering': ['attendance', 'id'],
            },
        ),
        migrations.RunPython(copy_ranges, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='attendance',
            name='from_item',
        ),
        migrations.RemoveField(
            model_name='attendance',
            name='until_item',
        ),
        migrations.AlterField(
            model_name='attendance',
            name='role',
            field=models.CharField(choices=[('beslutande', 'Beslutande ledamot'), ('ersattare', 'Tjänstgörande ersättare'), ('ej_tjanstgorande', 'Ej tjänstgörande ersättare'), ('ovrig', 'Övrig medverkande')], default='beslutande', max_length=20, verbose_name='roll'),
        ),
    ]
