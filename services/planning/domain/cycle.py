"""Planning cycles follow Kosovo's school year, September to August."""

from datetime import date

SCHOOL_YEAR_START_MONTH = 9


def school_year(day: date) -> str:
    start = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def plan_id(municipality: str, cycle: str) -> str:
    return f"{municipality}:{cycle}"
