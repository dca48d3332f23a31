"""Each object's own timeline (a claim's steps, a report's versions and corrections, a mentoring
relationship's events, and the steps of the services to come), in one shape, shown by one
template (`includes/timeline.html`). The staff-action log is `portal.audit`; a timeline is what
the object's page tells the people who may see the object, notes included.

Each app's selector turns its own rows into `TimelineEntry`s; the page renders them with
`{% include "includes/timeline.html" with timeline=entries %}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    what: str | Promise  # "Submitted → In review", "Report corrected", "Service logged"
    who: str | Promise = ""  # the actor as the reader may see them; empty: the system
    note: str = ""
    amount: Decimal | None = None
