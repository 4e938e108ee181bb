"""Reporting: read models of plans for planners and integrators."""
