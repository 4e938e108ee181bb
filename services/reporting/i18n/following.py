"""Labels of the follow-up page and the school team's monthly report form (the
`workspace` catalogue; templates read them as `t.<key>`)."""

from services.reporting.i18n import N_
from services.wording.alerts import ACTION_STATUS, ALERT_SENTENCE

__all__ = ["ACTION_STATUS", "ALERT_SENTENCE"]  # shared with monitoring (services/wording)

FOLLOWING: dict[str, str] = {
    "follow_up": N_("Follow-up"),
    "follow_up_of": N_("Follow-up of the adopted plan"),
    "not_followed": N_("This plan is not followed yet: monitoring starts once it is adopted."),
    "as_of": N_("as of"),
    "tracked_actions": N_("Tracked actions"),
    "action": N_("Action"),
    "lead": N_("Lead unit / focal person"),
    "months": N_("Months"),
    "budget_spent": N_("Budget / spent (EUR)"),
    "last_update": N_("Last update"),
    "overdue": N_("overdue"),
    "open_alerts": N_("Open alerts"),
    "no_alerts": N_("No alert is open."),
    "due": N_("due"),
    "indicators": N_("Indicators"),
    "baseline": N_("baseline"),
    "target_short": N_("target"),
    "on_track_mark": N_("on track"),
    "off_track_mark": N_("off track"),
    "no_trajectory": N_("no trajectory or no measurement yet"),
    "no_points": N_("No measurement yet."),
    "axis_month": N_("month"),
    "axis_value": N_("value"),
    "reports_received": N_("Reports received"),
    "period": N_("Period"),
    "reporter": N_("Reporter"),
    "submitted": N_("Submitted"),
    "late": N_("late"),
    "missing": N_("missing"),
    "on_time": N_("on time"),
    "school_months": N_("Schools' monthly counts"),
    "school": N_("School"),
    "monthly_report": N_("Monthly report of the school team"),
    "report_month": N_("Month reported"),
    "counts_legend": N_("This month's counts (pupils and visits, never names)"),
    "ews_flagged": N_("Pupils flagged by the early-warning system"),
    "home_visits": N_("Home visits"),
    "csw_referrals": N_("Referrals to the Centre for Social Work"),
    "returns_to_school": N_("Pupils back in school"),
    "dropouts": N_("Pupils who dropped out"),
    "non_enrolled_identified": N_("Children found not enrolled"),
    "school_actions": N_("The actions your school leads"),
    "no_school_actions": N_("The plan names no action led by a school."),
    "not_reported": N_("not reported this month"),
    "spent": N_("Spent this month (EUR)"),
    "send_report": N_("Send the report"),
    "report_refused": N_("The report was not recorded; correct the fields marked below."),
    "report_accepted": N_(
        "Report recorded. It appears on the follow-up page once monitoring has applied it."
    ),
    "report_repeated": N_("This month was already reported; nothing was counted twice."),
    "whole_number": N_("a whole number, 0 or more"),
    "amount": N_("an amount in EUR, 0 or more"),
    "not_school_team": N_("Only a school team's token reports a school's month."),
    "monitoring_down": N_("Monitoring did not answer; try again in a minute."),
    "schools_heard": N_("schools"),
    "progress_report": N_("Quarterly progress report"),
    "agenda": N_("Working group's agenda"),
    "public_summary": N_("Public summary"),
    # The MED focal officer's quarterly report form.
    "quarterly_report": N_("Quarterly report of the MED"),
    "not_med": N_("Only the MED focal officer's or a planner's token reports the MED's quarter."),
    "quarter_reported": N_("Quarter reported"),
    "med_actions": N_("Every action of the plan: status, evidence, spending"),
    "not_reported_quarter": N_("not reported this quarter"),
    "spent_quarter": N_("Spent this quarter (EUR)"),
    "no_actions_followed": N_("No action of the plan is followed."),
    "measurement": N_("Measurement of the indicator"),
    "measured_value": N_("Value measured"),
    "measured_month": N_("Month it describes"),
    "unit": N_("Unit"),
    "entered_by": N_("Entered by"),
    "verified_by": N_("Verified by (another person)"),
    "source": N_("Source"),
    "emis_legend": N_("EMIS values of the semester (with Q2 and Q4)"),
    "semester": N_("Semester"),
    "emis_indicator": N_("Indicator"),
    "community": N_("Community"),
    "gender": N_("Gender"),
    "value_percent": N_("Value (%)"),
    "semester_needed": N_("EMIS values need the semester they describe"),
    "nothing_reported": N_("Nothing to send: report a status, a measurement or an EMIS value."),
    "evidence_needed": N_("the MED reports each status with its evidence"),
    "a_number": N_("a number"),
    "a_percentage": N_("a percentage from 0 to 100"),
    "unit_needed": N_("a value needs its unit (%, pupils, visits, ...)"),
    "verified_other": N_("another person than the one who entered it"),
    # The MED director's record of a working-group meeting.
    "record_meeting": N_("Record a working-group meeting"),
    "not_director": N_("Only the MED director's token records the working group's meetings."),
    "meeting_refused": N_("The meeting was not recorded; correct the fields marked below."),
    "meeting_recorded": N_(
        "Meeting recorded. Its decisions appear here and on the agenda once monitoring has "
        "applied them."
    ),
    "meeting_repeated": N_("This meeting was already recorded; nothing was recorded twice."),
    "quarter_reviewed": N_("Quarter reviewed"),
    "held_on": N_("Held on"),
    "attendees": N_("Bodies present"),
    "attendees_hint": N_("One body or role per line (MED, CSW, school directors); no names."),
    "attendees_needed": N_("name at least one body present"),
    "decisions": N_("Decisions"),
    "decision_text": N_("Decision"),
    "responsible_body": N_("Responsible body"),
    "due_month": N_("Due by (month)"),
    "decided_status": N_("The action's new status"),
    "status_unchanged": N_("unchanged"),
    "status_reason": N_("Why the status changes"),
    "minutes": N_("Minutes"),
    "minutes_hint": N_("Free text; names of people and children are removed."),
    "a_date": N_("a date (YYYY-MM-DD)"),
    "decision_text_needed": N_("write the decision"),
    "status_needs_action": N_("a new status names the action"),
    "status_needs_reason": N_("a new status says why"),
    # A partner's quarterly report (CSW, MOCR, mediator, NGO).
    "partner_report": N_("Quarterly report of a partner"),
    "not_partner": N_(
        "Only a partner's token (CSW, MOCR, mediator, NGO) reports a partner's quarter."
    ),
    "reporting_for": N_("Reporting for"),
    "partner_counts": N_("Referrals and attendance this quarter (counts, no names)"),
    "referrals_received": N_("Referrals received"),
    "referrals_assessed": N_("Referrals assessed"),
    "referrals_closed": N_("Referrals closed"),
    "learning_centre_attendance": N_("Children attending the learning centre (if any)"),
    "mediator_visits": N_("Mediator visits (if any)"),
}

PARTNER_KIND: dict[str, str] = {
    "csw": N_("Centre for Social Work"),
    "mocr": N_("Municipal Office for Communities and Returns"),
    "mediator": N_("Mediators"),
    "ngo": N_("NGO"),
}


ALERT_KIND: dict[str, str] = {
    "action_overdue": N_("Action overdue"),
    "indicator_off_track": N_("Indicator off track"),
    "report_missing": N_("Report missing"),
}

REPORT_KIND: dict[str, str] = {
    "school_monthly": N_("school, monthly"),
    "med_quarterly": N_("MED, quarterly"),
    "partner_quarterly": N_("partner, quarterly"),
}

# EMIS values on the MED's quarterly form (`EmisValue`'s indicator, community, gender).
EMIS_LABEL: dict[str, str] = {
    "dropout_rate": N_("dropout rate"),
    "non_enrolment_rate": N_("non-enrolment rate"),
    "attendance_rate": N_("attendance rate"),
    "all": N_("all"),
    "albanian": N_("Albanian"),
    "serbian": N_("Serbian"),
    "turkish": N_("Turkish"),
    "bosniak": N_("Bosniak"),
    "gorani": N_("Gorani"),
    "roma": N_("Roma"),
    "ashkali": N_("Ashkali"),
    "egyptian": N_("Egyptian"),
    "girls": N_("girls"),
    "boys": N_("boys"),
}
