"""The double-claim check's comparisons on one page of the review queue (issue 15 #11), without
a database: `python -m bench.double_claims`.

Before the fix, each pair of a person's claims was compared month by month (a set of every month
each claim covered): 20 claims of 0001-01-01 to 9998-12-31 took the queue from 0.07 s to 31.7 s.
Now each pair is one comparison of date ranges and a claim stops at FLAGS_PER_CLAIM flags.

Goal: a page of 50 claims, 20 of them one youth's with absurd dates and the others' with 20
earlier claims each, flagged in under 5 ms (the queue's whole page budget is about 70 ms).
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date


def _page():
    from subsidies.models import Claim, Scheme

    scheme = Scheme(pk=1, code="internship", given_to="person", claims_per_period=False)
    claims, others, pk = [], [], 0

    def claim(applicant: int, start: date, end: date) -> Claim:
        nonlocal pk
        pk += 1
        made = Claim(pk=pk, scheme_id=1, applicant_id=applicant, start_date=start, end_date=end)
        made.scheme = scheme
        return made

    absurd = [claim(1, date(1, 1, 1), date(9998, 12, 31)) for _ in range(20)]
    claims += absurd
    others += absurd
    for applicant in range(2, 32):
        mine = [claim(applicant, date(2024, 1, 1), date(2024, 6, 30)) for _ in range(21)]
        claims.append(mine[0])
        others += mine
    return claims, others


def main(repetitions: int = 50) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    import django

    django.setup()
    from subsidies import selectors

    claims, others = _page()
    timings = []
    for _ in range(repetitions):
        started = time.perf_counter()
        flags = selectors.flags_among(claims, others, {})
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    most = max(len(found) for found in flags.values())
    print(f"{len(claims)} claims against {len(others)}: median {median:.2f} ms, at most {most} flags a claim")
    print("goal: under 5 ms:", "met" if median < 5 else "MISSED")
    return 0 if median < 5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
