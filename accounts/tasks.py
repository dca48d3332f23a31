from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=5, retry_backoff=True, acks_late=True)
def email_notification(self, notification_id: int) -> bool:
    try:
        return services.notification_send_email(notification_id=notification_id)
    except OSError as exc:  # SMTP unreachable: retry with backoff, a bounded number of times
        raise self.retry(exc=exc) from exc
