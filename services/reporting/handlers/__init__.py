"""HTTP routes of reporting: the JSON API and the planners' pages."""
