"""DMAP services: consultations (intake), planning, reporting."""
