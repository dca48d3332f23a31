from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every five minutes: bookings not checked into 15 minutes after their start are released
    # (which are due is decided by bookings.rules; a released booking is never released twice).
    "bookings-release-no-shows": {
        "task": "bookings.tasks.release_no_shows",
        "schedule": crontab(minute="*/5"),
    },
    # Every hour: the day-before reminders (each booking reminded once, by notify's key).
    "bookings-reminders": {
        "task": "bookings.tasks.send_reminders",
        "schedule": crontab(minute=10),
    },
}
