"""DMAP contracts: event models, shared vocabulary, topic names. No I/O here."""
