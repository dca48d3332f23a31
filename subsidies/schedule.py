from celery.schedules import crontab

BEAT_SCHEDULE = {
    "subsidies-claim-reminders": {
        "task": "subsidies.tasks.send_claim_reminders",
        "schedule": crontab(minute=15, hour="8"),
    },
}
