"""Labels of the follow-up page and the school team's monthly report form (the
`workspace` catalogue; templates read them as `t.<key>`)."""

from services.reporting.i18n import N_

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
}

ACTION_STATUS: dict[str, str] = {
    "not_started": N_("not started"),
    "on_track": N_("on track"),
    "delayed": N_("delayed"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
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
