from celery import shared_task

from . import services


# SMTP unreachable: retried with exponential backoff, a bounded number of times.
@shared_task(autoretry_for=(OSError,), max_retries=5, retry_backoff=True, acks_late=True)
def email_notification(notification_id: int) -> bool:
    return services.notification_send_email(notification_id=notification_id)
