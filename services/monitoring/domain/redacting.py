"""Personal data out of a report's free text, as intake does for consultations.

An action's evidence is written by a school team or an officer and may name a
pupil or a parent ("Arta's mother, tel. 044 ..."): it is redacted with
admission's rules before the report is stored or published, and again when a
report is read from the topic (one produced there by hand is held to the same
rules). Redaction leaves its own placeholders alone, so a second pass changes
nothing.
"""

from collections import Counter

from schemas.progress import ActionStatusReport, PartnerQuarterlyReport, WorkingGroupMeeting
from services.admission.consultations import clean_text
from services.admission.redaction import redact
from services.monitoring.domain.reports import Report


def redact_report(report: Report) -> tuple[Report, dict[str, int]]:
    """The report with its evidence texts redacted, and how many of each kind went."""
    if isinstance(report, PartnerQuarterlyReport) or not report.actions:
        return report, {}
    counts: Counter[str] = Counter()

    def clean(item: ActionStatusReport) -> ActionStatusReport:
        redacted = redact(clean_text(item.evidence))
        counts.update(redacted.counts)
        return item.model_copy(update={"evidence": redacted.text})

    actions = tuple(clean(item) for item in report.actions)
    return report.model_copy(update={"actions": actions}), dict(sorted(counts.items()))


def redact_meeting(meeting: WorkingGroupMeeting) -> tuple[WorkingGroupMeeting, dict[str, int]]:
    """A working group's meeting with its free text redacted: the minutes, each decision's
    text, reason and responsible body, and the bodies present (a body, never a person)."""
    counts: Counter[str] = Counter()

    def clean(value: str) -> str:
        redacted = redact(clean_text(value))
        counts.update(redacted.counts)
        return redacted.text

    decisions = tuple(
        d.model_copy(
            update={
                "text": clean(d.text),
                "reason": clean(d.reason),
                "responsible": None if d.responsible is None else clean(d.responsible),
            }
        )
        for d in meeting.decisions
    )
    cleaned = meeting.model_copy(
        update={
            "attendees": tuple(clean(a) for a in meeting.attendees),
            "decisions": decisions,
            "minutes": clean(meeting.minutes),
        }
    )
    return cleaned, dict(sorted(counts.items()))
