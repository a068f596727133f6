import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgl_portal.settings")

app = Celery("lgl_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    [
        "groups",
        "meetings",
        "meetings.documents",
        "meetings.expediering",
        "decisions",
        "decisions.ratification",
        "plans",
        "lgl_portal.core",
    ]
)
