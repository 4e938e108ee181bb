"""Markdown sections of adoption and authorship: header, budget, the working group's changes."""

from schemas.plans import Plan
from services.reporting.rendering.document import (
    approval,
    budget_view,
    engine_line,
    status_line,
    title,
)
from services.reporting.rendering.formats import Lang
from services.reporting.rendering.labels import word
from services.reporting.rendering.markdown_escape import esc as _esc
from services.reporting.rendering.record import changes, conflicts


def header(plan: Plan, lang: Lang) -> list[str]:
    out = [f"# {_esc(title(plan, lang))}", "", f"{_esc(status_line(plan, lang))}  "]
    out += [engine_line(plan, lang), ""]
    block = approval(plan, lang)
    if block:
        out += [f"**{word('adoption', lang)}**", ""]
        out += [f"- {label}: {_esc(value)}" for label, value in block]
        out.append("")
    return out


def budget(plan: Plan, lang: Lang) -> list[str]:
    b = budget_view(plan, lang)
    if b is None:
        return []
    out = [f"*{b.caption}*", ""]
    for table in b.tables:
        out += [f"| {table.heading[0]} | {table.heading[1]} |", "|---|---:|"]
        out += [f"| {_esc(label)} | {amount} |" for label, amount in table.rows]
        out += [f"| **{table.total[0]}** | **{table.total[1]}** |", ""]
    return [*out, f"{b.coverage} {b.note}", ""]


def working_group_changes(plan: Plan, lang: Lang) -> list[str]:
    lines, unapplied = changes(plan, lang), conflicts(plan, lang)
    if not lines and not unapplied:
        return []
    out = [f"| {word('when', lang)} | {word('who', lang)} | {word('what', lang)} | "]
    out[0] += f"{word('why', lang)} |"
    out.append("|---|---|---|---|")
    out += [f"| {c.when} | {_esc(c.who)} | {_esc(c.what)} | {_esc(c.why)} |" for c in lines]
    out.append("")
    if unapplied:
        out += [f"**{word('conflicts', lang)}:**", "", *(f"- {_esc(c)}" for c in unapplied), ""]
    return out
