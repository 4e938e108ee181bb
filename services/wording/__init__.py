"""Wording two services share: the sentences of an alert, which monitoring puts on
`plan-alerts.v1` and its API in every workspace language and reporting shows on the
follow-up page. The msgids live here; their translations in the workspace catalogue
(`services/reporting/locale/*/LC_MESSAGES/workspace.po`, `make i18n`)."""


def N_(msgid: str) -> str:
    """Marks a string for the catalogue; translated where it is shown."""
    return msgid
