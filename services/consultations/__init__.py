"""Intake: validates consultation records, stores them, publishes via the outbox."""
