"""HTTP routes of intake, one module per way records arrive."""
