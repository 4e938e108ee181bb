"""Documents about an adopted plan's implementation, built from monitoring's snapshots:
the quarterly progress report, the semester report to MESTI, the public summary, the
working group's quarterly agenda; and the MESTI dashboard's rows."""
