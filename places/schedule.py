from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every Monday morning (Asia/Shanghai): places whose details were not confirmed for six
    # months are flagged to staff. Which are due is decided by places.rules, not this schedule;
    # each place is flagged once per period (notify's key), however often this runs.
    "places-confirmation-reminders": {
        "task": "places.tasks.flag_unconfirmed_places",
        "schedule": crontab(day_of_week="mon", hour=9, minute=30),
    },
}
