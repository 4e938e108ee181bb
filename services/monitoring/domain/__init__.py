"""Monitoring's rules as pure functions: no clock, database or broker (docs/monitoring.md)."""
