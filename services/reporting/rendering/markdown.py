"""The plan as a Markdown document, in English or Albanian, for reading and circulating."""

import re
from typing import Literal

from schemas.plans import Bilingual, Plan, PlannedAction, Priority
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    MUNICIPALITY_BY_CODE,
    STAKEHOLDER_LABELS,
    IssueCategory,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)

Lang = Literal["en", "sq"]

HEADINGS: dict[str, tuple[str, str]] = {
    "title": ("Draft municipal action plan", "Draft plani komunal i veprimit"),
    "year": ("school year", "viti shkollor"),
    "version": ("Version", "Versioni"),
    "status": ("status", "statusi"),
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
        "| # | Action | Responsible | Partners | Timeline | Cost | Indicator | Baseline | "
        "Target | Consultations |",
        "| # | Veprimi | Përgjegjës | Partnerët | Afati | Kostoja | Treguesi | Vlera bazë | "
        "Caku | Konsultimet |",
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
    "last_approved": ("last approved version", "versioni i fundit i miratuar"),
}


# Free text (school names, consultants' words) must stay text wherever the Markdown is
# rendered: HTML would run (`<svg onload=...>`), brackets would make links (images with
# `!`), and a pipe or newline would break out of a table cell. Emphasis characters are
# harmless and left alone. Backslash escapes and entities render as the characters.
_MARKDOWN_SPECIAL = re.compile(r"([\\\[\]|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _esc(text: str) -> str:
    """Free text as inert Markdown: one line, HTML and Markdown syntax escaped."""
    one_line = " ".join(text.split())
    html_safe = "".join(_HTML.get(c, c) for c in one_line)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html_safe)


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


def _quarters(a: PlannedAction) -> str:
    return a.start if a.start == a.end else f"{a.start}–{a.end}"


def _action_row(a: PlannedAction, lang: Lang) -> str:
    why = f" ({_esc(a.tailored_because)})" if a.tailored_because else ""
    return (
        f"| {a.action_id} | {_t(a.label, lang)}{why} | {_t(a.responsible_label, lang)} | "
        f"{', '.join(_t(b, lang) for b in a.partner_labels)} | {_quarters(a)} | {a.cost_band} | "
        f"{_t(a.indicator.label, lang)} | {a.indicator.baseline_source} | {a.indicator.target} | "
        f"{_ids(a.consultation_ids)} |"
    )


def _priority(p: Priority, lang: Lang) -> list[str]:
    out = [f"### {p.rank}. {_category(p.category, lang)} — {p.score}", ""]
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
            *(_action_row(a, lang) for a in p.actions),
            "",
        ]
    return out


def _situation(plan: Plan, lang: Lang) -> list[str]:
    s = plan.situation
    if s is None:
        return []
    levels = ", ".join(
        f"{_label(LEVEL_LABELS[lv], lang)} {s.by_school_level[lv]}"
        for lv in SchoolLevel
        if lv in s.by_school_level
    )
    languages = ", ".join(f"{k} {n}" for k, n in sorted(s.by_language.items()))
    return [
        f"## 2. {_h('situation', lang)}",
        "",
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


def render(plan: Plan, lang: Lang = "en") -> str:
    m = MUNICIPALITY_BY_CODE[plan.municipality.value]
    approved = (
        f" · {_h('last_approved', lang)} {plan.last_approved_version}"
        if plan.last_approved_version
        else ""
    )
    out = [
        f"# {_h('title', lang)} — {m.name_sq} / {m.name_sr}, {_h('year', lang)} {plan.cycle}",
        "",
        f"{_h('version', lang)} {plan.version} · {_h('status', lang)} **{plan.status}** · "
        f"catalogue {plan.catalogue_version} · rules {plan.rules_version}{approved}",
        "",
        f"## 1. {_h('goals', lang)}",
        "",
        *(f"- {_t(g, lang)}" for g in plan.goals),
        "",
        *_situation(plan, lang),
        f"## 3. {_h('priorities', lang)}",
        "",
    ]
    for p in plan.priorities:
        out += _priority(p, lang)
    if plan.other_findings:
        out += [f"## 4. {_h('findings', lang)}", "", _h("findings_table", lang), "|---|---|---|"]
        out += [
            f"| {_category(f.category, lang)} | {f.score} | {f.consultation_count} |"
            for f in plan.other_findings
        ]
        out.append("")
    if plan.unclassified:
        text = _h("unclassified_text", lang).format(
            n=plan.unclassified.issue_count, ids=_ids(plan.unclassified.consultation_ids)
        )
        out += [f"## 5. {_h('unclassified', lang)}", "", text, ""]
    out += [
        f"## 6. {_h('monitoring', lang)}",
        "",
        _h("monitoring_table", lang),
        "|---|---|---|---|",
    ]
    out += [
        f"| {_t(a.arrangement, lang)} | {_t(a.owner_label, lang) or a.owner} | "
        f"{_esc(a.frequency)} | {_esc(a.data_source)} |"
        for a in plan.monitoring
    ]
    out += ["", f"## 7. {_h('risks', lang)}", "", *(f"- {_t(r, lang)}" for r in plan.risks), ""]
    return "\n".join(out)
