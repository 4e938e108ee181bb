"""The small shared runtime: settings, logging, pool, migrations, Kafka, outbox.

Domain code never imports this package; handlers and composition roots do.
"""
