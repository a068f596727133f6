from __future__ import annotations

from django.conf import settings

from lgl_portal.celery import app


def test_every_scheduled_beat_task_is_a_registered_task() -> None:
    app.loader.import_default_modules()
    registered = set(app.tasks)
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled, "the beat schedule is empty"
    assert scheduled <= registered, scheduled - registered


def test_tasks_survive_a_killed_worker_and_never_hang_on_a_broker() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    options = app.conf.broker_transport_options
    # Redis must not hand a running task to a second worker before the task's own time limit is up.
    assert options["visibility_timeout"] > app.conf.task_time_limit
    assert options["socket_timeout"] <= 5 and options["socket_connect_timeout"] <= 5
