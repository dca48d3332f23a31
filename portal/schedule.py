BEAT_SCHEDULE = {
    "portal-heartbeat": {"task": "portal.tasks.heartbeat", "schedule": 30.0},
    "portal-outbox-flush": {"task": "portal.tasks.outbox_flush", "schedule": 30.0},
}
