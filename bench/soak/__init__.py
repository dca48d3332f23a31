"""`make soak` (issue 8): the portal under a bounded mixed workload for a few minutes, then every
total reconciled. See `bench/soak/run.py`; the report is written to docs/soak/RESULTS.md."""
