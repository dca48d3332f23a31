from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every morning (Asia/Shanghai): reminders for missing monthly reports. Which reports are
    # due is decided from INCUBATORS_REPORT_DUE_DAY (incubators/conf.py), not from this schedule.
    "incubators-report-reminders": {
        "task": "incubators.tasks.send_report_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
}
