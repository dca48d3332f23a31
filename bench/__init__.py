"""Benchmarks of the portal against the framework floor and raw SQL (issue 7). `make bench`."""
