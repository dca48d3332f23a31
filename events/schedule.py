from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Lottery sessions are drawn within five minutes of their registration closing.
    "events-allocate-closed-sessions": {
        "task": "events.tasks.allocate_closed_sessions",
        "schedule": crontab(minute="*/5"),
    },
    # An offer lives 48 hours; checked every five minutes, so a freed seat passes on promptly.
    "events-expire-offers": {"task": "events.tasks.expire_offers", "schedule": crontab(minute="*/5")},
    # No-shows are marked once check-in has closed (three hours after a session's end).
    "events-close-attendance": {"task": "events.tasks.close_attendance", "schedule": crontab(minute=15)},
    # Reminders are keyed per registration, so running hourly sends each once.
    "events-reminders": {"task": "events.tasks.send_reminders", "schedule": crontab(minute=40)},
}
