import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgl_portal.settings")

app = Celery("lgl_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Every installed app's tasks.py, so the foundation names no domain app.
app.autodiscover_tasks()
