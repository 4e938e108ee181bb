"""The plan as a Markdown document, in English or Albanian, for reading and circulating."""

from typing import Literal

from schemas.plans import Bilingual, Plan, PlannedAction, Priority
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    STAKEHOLDER_LABELS,
    IssueCategory,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)
from services.reporting.rendering.document import action_view
from services.reporting.rendering.labels import field_names, word
from services.reporting.rendering.markdown_escape import esc as _esc
from services.reporting.rendering.markdown_record import budget, header, working_group_changes

Lang = Literal["en", "sq"]

HEADINGS: dict[str, tuple[str, str]] = {
    "goals": ("Goals", "Qëllimet"),
    "situation": ("Situation analysis", "Analiza e situatës"),
    "priorities": ("Priorities", "Prioritetet"),
    "findings": ("Other findings", "Gjetje të tjera"),
    "unclassified": ("Unclassified issues", "Çështje të paklasifikuara"),
    "monitoring": ("Monitoring and reporting", "Monitorimi dhe raportimi"),
    "risks": ("Risks and assumptions", "Rreziqet dhe supozimet"),
    "objective": ("Objective", "Objektivi"),
    "why": ("Why", "Pse"),
    "gaps": ("Coverage gaps", "Mangësitë në mbulim"),
    "consulted": ("consultations with {n} participants", "konsultime me {n} pjesëmarrës"),
    "levels": ("School levels", "Nivelet shkollore"),
    "languages": ("Languages", "Gjuhët"),
    "schools": ("Schools", "Shkollat"),
    "group_table": ("| Stakeholder group | Consultations |", "| Grupi | Konsultime |"),
    "action_table": (
        "| # | Action | Responsible | Partners | Timeline | Cost and funding | Indicator | "
        "Baseline | Target | Consultations |",
        "| # | Veprimi | Përgjegjës | Partnerët | Afati | Kostoja dhe financimi | Treguesi | "
        "Vlera bazë | Caku | Konsultimet |",
    ),
    "findings_table": (
        "| Category | Score | Consultations |",
        "| Kategoria | Pikët | Konsultime |",
    ),
    "monitoring_table": (
        "| Arrangement | Owner | Frequency | Source |",
        "| Masa | Përgjegjës | Shpeshtësia | Burimi |",
    ),
    "unclassified_text": (
        "{n} raised issue(s) matched no category and need a planner's reading: {ids}.",
        "{n} çështje nuk përputhen me asnjë kategori dhe duhet t'i lexojë planifikuesi: {ids}.",
    ),
    "evidence_schools": ("Schools", "Shkollat"),
    "evidence_levels": ("levels", "nivelet"),
    "evidence_severity": ("Severity", "Rëndësia"),
    "evidence_groups": ("affected groups", "grupet e prekura"),
    "evidence_seen": (
        "Seen {a} to {b}; {n} issue(s) categorised by consultants",
        "Ngritur nga {a} deri më {b}; {n} çështje të kategorizuara nga konsulentët",
    ),
    "evidence_terms": ("matched terms", "termat e gjetur"),
    "evidence_ids": ("Consultations", "Konsultimet"),
}


def _h(key: str, lang: Lang) -> str:
    en, sq = HEADINGS[key]
    return en if lang == "en" else sq


def _t(text: Bilingual | None, lang: Lang) -> str:
    return "" if text is None else _esc(text.en if lang == "en" else text.sq)


def _label(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "en" else pair[1]


def _category(code: IssueCategory, lang: Lang) -> str:
    info = CATEGORY_INFO[code]
    return info.label_en if lang == "en" else info.label_sq


def _ids(ids: tuple[object, ...]) -> str:
    return ", ".join(str(i)[:8] for i in ids)


def _action_row(a: PlannedAction, cycle: str, lang: Lang) -> str:
    v = action_view(a, cycle, lang)
    marks = "".join(f" — *{_esc(m)}*" for m in v.marks)
    return (
        f"| {v.action_id} | {_esc(v.label)}{marks} | {_esc(v.lead(lang))} | "
        f"{_esc(v.partners)} | {v.timeline} | {_esc(v.cost_and_funding(lang))} | "
        f"{_esc(v.indicator)} | {_esc(v.baseline)} | {_esc(v.target)} | "
        f"{_ids(a.consultation_ids)} |"
    )


def _priority(p: Priority, cycle: str, lang: Lang) -> list[str]:
    out = [f"### {p.rank}. {_category(p.category, lang)} — {p.score}", ""]
    if p.amended:
        out += [f"*{word('amended', lang)}: {field_names(p.amended, lang)}*", ""]
    if p.objective:
        out += [f"**{_h('objective', lang)}:** {_t(p.objective, lang)}", ""]
    out += [f"**{_h('why', lang)}:** {_t(p.rationale, lang)}", ""]
    if p.evidence:
        e = p.evidence
        levels = ", ".join(_label(LEVEL_LABELS[lv], lang) for lv in e.school_levels) or "—"
        severity = ", ".join(
            f"{s.value} {e.severity_counts[s]}" for s in Severity if s in e.severity_counts
        )
        groups = ", ".join(_label(AFFECTED_GROUP_LABELS[g], lang) for g in e.affected_groups)
        seen = _h("evidence_seen", lang).format(a=e.first_seen, b=e.last_seen, n=e.explicit_count)
        terms = f"; {_h('evidence_terms', lang)}: {', '.join(map(_esc, e.matched_terms))}"
        out += [
            f"- {_h('evidence_schools', lang)}: {', '.join(map(_esc, e.schools)) or '—'}; "
            f"{_h('evidence_levels', lang)}: {levels}",
            f"- {_h('evidence_severity', lang)}: {severity}; "
            f"{_h('evidence_groups', lang)}: {groups or '—'}",
            f"- {seen}{terms if e.matched_terms else ''}",
            f"- {_h('evidence_ids', lang)}: {_ids(p.consultation_ids)}",
            "",
        ]
    if p.actions:
        out += [
            _h("action_table", lang),
            "|---|---|---|---|---|---|---|---|---|---|",
            *(_action_row(a, cycle, lang) for a in p.actions),
            "",
        ]
    return out


def _situation(plan: Plan, lang: Lang) -> list[str]:
    s = plan.situation
    out = [f"**{word('narrative', lang)}:** {_esc(plan.narrative)}", ""] if plan.narrative else []
    if s is None:
        return out
    levels = ", ".join(
        f"{_label(LEVEL_LABELS[lv], lang)} {s.by_school_level[lv]}"
        for lv in SchoolLevel
        if lv in s.by_school_level
    )
    languages = ", ".join(f"{k} {n}" for k, n in sorted(s.by_language.items()))
    return [
        *out,
        f"{s.consultations} {_h('consulted', lang).format(n=s.participants)}, "
        f"{s.first_consultation} – {s.last_consultation}.",
        "",
        _h("group_table", lang),
        "|---|---|",
        *(
            f"| {_label(STAKEHOLDER_LABELS[g], lang)} | {s.by_stakeholder_group[g]} |"
            for g in StakeholderGroup
            if g in s.by_stakeholder_group
        ),
        "",
        f"{_h('levels', lang)}: {levels or '—'}.  ",
        f"{_h('languages', lang)}: {languages}.  ",
        f"{_h('schools', lang)}: {', '.join(map(_esc, s.schools)) or '—'}.",
        "",
        f"**{_h('gaps', lang)}:**",
        "",
        *([f"- {_t(g, lang)}" for g in s.coverage_gaps] or ["- —"]),
        "",
    ]


def _monitoring(plan: Plan, lang: Lang) -> list[str]:
    return [
        _h("monitoring_table", lang),
        "|---|---|---|---|",
        *(
            f"| {_t(a.arrangement, lang)} | {_t(a.owner_label, lang) or a.owner} | "
            f"{_esc(a.frequency)} | {_esc(a.data_source)} |"
            for a in plan.monitoring
        ),
        "",
    ]


def render(plan: Plan, lang: Lang = "en") -> str:
    findings = [_h("findings_table", lang), "|---|---|---|"] if plan.other_findings else []
    findings += [
        f"| {_category(f.category, lang)} | {f.score} | {f.consultation_count} |"
        for f in plan.other_findings
    ]
    unclassified = []
    if plan.unclassified:
        n, ids = plan.unclassified.issue_count, _ids(plan.unclassified.consultation_ids)
        unclassified = [_h("unclassified_text", lang).format(n=n, ids=ids), ""]
    sections: list[tuple[str, list[str]]] = [
        (_h("goals", lang), [*(f"- {_t(g, lang)}" for g in plan.goals), ""]),
        (_h("situation", lang), _situation(plan, lang)),
        (
            _h("priorities", lang),
            [x for p in plan.priorities for x in _priority(p, plan.cycle, lang)],
        ),
        (word("budget", lang), budget(plan, lang)),
        (_h("findings", lang), [*findings, ""] if findings else []),
        (_h("unclassified", lang), unclassified),
        (_h("monitoring", lang), _monitoring(plan, lang)),
        (_h("risks", lang), [*(f"- {_t(r, lang)}" for r in plan.risks), ""]),
        (word("changes", lang), working_group_changes(plan, lang)),
    ]
    out = header(plan, lang)
    kept = [(heading, body) for heading, body in sections if body]
    for number, (heading, body) in enumerate(kept, start=1):
        out += [f"## {number}. {heading}", "", *body]
    return "\n".join(out)
