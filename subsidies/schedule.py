from celery.schedules import crontab

BEAT_SCHEDULE = {
    "subsidies-claim-reminders": {
        "task": "subsidies.tasks.send_claim_reminders",
        "schedule": crontab(minute=15, hour="8"),
    },
    "subsidies-retention": {
        "task": "subsidies.tasks.anonymise_expired_claims",
        "schedule": crontab(minute=30, hour="3"),
    },
    # hourly: an export's file lives at most a day and an hour (its download refuses after a day)
    "subsidies-export-retention": {
        "task": "subsidies.tasks.delete_expired_exports",
        "schedule": crontab(minute=45),
    },
}
