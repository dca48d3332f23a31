from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Just after midnight (Asia/Shanghai): published vacancies whose close date has passed are
    # closed. A second run the same day closes nothing (the service re-checks under the lock).
    "opportunities-close-expired-vacancies": {
        "task": "opportunities.tasks.close_expired_vacancies",
        "schedule": crontab(hour=0, minute=15),
    },
    # Every morning: employers are reminded of applications not moved for 14 days, once each.
    "opportunities-stale-application-reminders": {
        "task": "opportunities.tasks.remind_stale_applications",
        "schedule": crontab(hour=9, minute=0),
    },
    # Every morning: new vacancies matching saved searches, each vacancy once per person.
    "opportunities-daily-digest": {
        "task": "opportunities.tasks.send_digests",
        "schedule": crontab(hour=8, minute=0),
    },
}
