BEAT_SCHEDULE = {
    "portal-heartbeat": {"task": "portal.tasks.heartbeat", "schedule": 30.0},
}
