"""Checklist items and review points name what they are about in the reader's language,
not by code (`priority:child_labour`)."""

import pytest

from services.reporting.i18n.languages import Lang
from services.reporting.i18n.workspace import target_label
from services.reporting.templating import build_templates


@pytest.mark.parametrize(
    ("lang", "plan", "priority"),
    [
        ("en", "the whole plan", "Child labour"),
        ("sq", "i gjithë plani", "Puna e fëmijëve"),
        ("sr", "ceo plan", "Dečiji rad"),
        ("sr-Cyrl", "цео план", "Дечији рад"),
    ],
)
def test_targets_read_in_the_reader_s_language(lang: Lang, plan: str, priority: str) -> None:
    assert target_label("plan", lang) == plan
    assert target_label("priority:child_labour", lang) == priority
    assert target_label("action:CL-1", lang) == "CL-1"


def test_a_target_the_vocabulary_does_not_know_is_shown_as_it_came() -> None:
    assert target_label("priority:not_a_category", "sq") == "priority:not_a_category"


def test_the_workspace_templates_have_the_filter() -> None:
    row = build_templates().env.from_string("{{ target|target_label(lang) }}")
    assert row.render(target="priority:child_labour", lang="sq") == "Puna e fëmijëve"
