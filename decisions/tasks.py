from celery import shared_task

from decisions import services


@shared_task
def remind_assignments_due() -> int:
    """Beat, daily: e-mail a reminder for each open uppdrag due within LGL_ASSIGNMENT_REMINDER_DAYS."""
    return services.assignment_reminders_send()
