from celery import shared_task

from groups import services


@shared_task
def sync_all_organ_permissions() -> int:
    return services.all_organ_permissions_sync()
