"""Monitoring: the write side after adoption (tracked actions, reports, alerts).

See docs/monitoring.md. Only the pure domain exists so far; the shell (store,
consumers, API) is wired next.
"""
