from celery.schedules import crontab

BEAT_SCHEDULE = {
    "mentorship-recompute-entitlements": {
        "task": "mentorship.tasks.recompute_all_entitlements",
        "schedule": crontab(hour=2, minute=15),
    },
    "mentorship-reminders": {
        "task": "mentorship.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
}
