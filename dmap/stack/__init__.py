"""The local stack without Docker: a real Kafka node and a PostgreSQL cluster."""


class StackError(RuntimeError):
    """Something the stack needs is missing or did not start; the message says what."""
