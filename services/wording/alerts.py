"""An alert as a sentence, from its structured fields: the msgids, and the values
each kind fills in. Pure: the caller hands in the catalogue's words for a language."""

from services.wording import N_

ACTION_STATUS: dict[str, str] = {
    "not_started": N_("not started"),
    "on_track": N_("on track"),
    "delayed": N_("delayed"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}

# An open alert in the reader's language, from its structured fields (kind, subject, due)
# and the plan's tracked state; `Alert.message` stays monitoring's English.
ALERT_SENTENCE: dict[str, str] = {
    "action_overdue": N_("{action} was due by {due} and is {status}."),
    "indicator_off_track": N_(
        "{action}: the indicator measured {value} in {month}, {expected} expected on the "
        "way to {target} by {target_date}."
    ),
    "indicator_off_track_bare": N_("{action}: the indicator is off its trajectory ({due})."),
    "school_missing": N_("{school}: the monthly report for {month} was due by {due}."),
    "med_missing": N_("The MED's quarterly report for {quarter} was due by {due}."),
}
