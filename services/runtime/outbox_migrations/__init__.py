"""The outbox table every service schema has (see services/runtime/outbox.py)."""
