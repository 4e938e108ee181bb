"""Planning: turns the consultation stream into draft municipal action plans."""
