"""Benchmarks of workshopkit (not tests): run them with ``python -m bench``."""
