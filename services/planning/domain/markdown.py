"""The plan as a Markdown document, in English or Albanian, for reading and circulating."""

from typing import Literal

from schemas.plans import Bilingual, Plan, PlannedAction, Priority
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    MUNICIPALITY_BY_CODE,
    STAKEHOLDER_LABELS,
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
}


def _h(key: str, lang: Lang) -> str:
    en, sq = HEADINGS[key]
    return en if lang == "en" else sq


def _t(text: Bilingual | None, lang: Lang) -> str:
    return "" if text is None else (text.en if lang == "en" else text.sq)


def _label(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "en" else pair[1]


def _category(code: str, lang: Lang) -> str:
    info = CATEGORY_INFO[code]  # type: ignore[index]
    return info.label_en if lang == "en" else info.label_sq


def _ids(ids: tuple[object, ...]) -> str:
    return ", ".join(str(i)[:8] for i in ids)


def _quarters(a: PlannedAction) -> str:
    return a.start if a.start == a.end else f"{a.start}–{a.end}"


def _action_row(a: PlannedAction, lang: Lang) -> str:
    why = f" ({a.tailored_because})" if a.tailored_because else ""
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
        severity = ", ".join(f"{s.value} {n}" for s, n in e.severity_counts.items())
        groups = ", ".join(_label(AFFECTED_GROUP_LABELS[g], lang) for g in e.affected_groups)
        out += [
            f"- Schools: {', '.join(e.schools) or '—'}; levels: {levels}",
            f"- Severity: {severity}; affected groups: {groups or '—'}",
            f"- Seen {e.first_seen} to {e.last_seen}; "
            f"{e.explicit_count} issue(s) categorised by consultants"
            + (f"; matched terms: {', '.join(e.matched_terms)}" if e.matched_terms else ""),
            f"- Consultations: {_ids(p.consultation_ids)}",
            "",
        ]
    if p.actions:
        out += [
            "| # | Action | Responsible | Partners | Timeline | Cost | Indicator | Baseline | "
            "Target | Consultations |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *(_action_row(a, lang) for a in p.actions),
            "",
        ]
    return out


def render(plan: Plan, lang: Lang = "en") -> str:
    m = MUNICIPALITY_BY_CODE[plan.municipality.value]
    out = [
        f"# {_h('title', lang)} — {m.name_sq} / {m.name_sr}, {_h('year', lang)} {plan.cycle}",
        "",
        f"{_h('version', lang)} {plan.version} · {_h('status', lang)} **{plan.status}** · "
        f"catalogue {plan.catalogue_version} · rules {plan.rules_version}"
        + (
            f" · last approved version {plan.last_approved_version}"
            if plan.last_approved_version
            else ""
        ),
        "",
        f"## 1. {_h('goals', lang)}",
        "",
        *(f"- {_t(g, lang)}" for g in plan.goals),
        "",
    ]
    s = plan.situation
    if s:
        out += [
            f"## 2. {_h('situation', lang)}",
            "",
            f"{s.consultations} consultations with {s.participants} participants, "
            f"{s.first_consultation} to {s.last_consultation}.",
            "",
            "| Stakeholder group | Consultations |",
            "|---|---|",
            *(
                f"| {_label(STAKEHOLDER_LABELS[g], lang)} | {n} |"
                for g, n in s.by_stakeholder_group.items()
            ),
            "",
            "School levels: "
            + (
                ", ".join(
                    f"{_label(LEVEL_LABELS[lv], lang)} {n}" for lv, n in s.by_school_level.items()
                )
                or "—"
            )
            + ".  ",
            f"Languages: {', '.join(f'{k} {n}' for k, n in s.by_language.items())}.  ",
            f"Schools: {', '.join(s.schools) or '—'}.",
            "",
            f"**{_h('gaps', lang)}:**",
            "",
            *([f"- {_t(g, lang)}" for g in s.coverage_gaps] or ["- —"]),
            "",
        ]
    out += [f"## 3. {_h('priorities', lang)}", ""]
    for p in plan.priorities:
        out += _priority(p, lang)
    if plan.other_findings:
        out += [
            f"## 4. {_h('findings', lang)}",
            "",
            "| Category | Score | Consultations |",
            "|---|---|---|",
        ]
        out += [
            f"| {_category(f.category, lang)} | {f.score} | {f.consultation_count} |"
            for f in plan.other_findings
        ]
        out.append("")
    if plan.unclassified:
        out += [
            f"## 5. {_h('unclassified', lang)}",
            "",
            f"{plan.unclassified.issue_count} raised issue(s) matched no category and need "
            f"a planner's reading: {_ids(plan.unclassified.consultation_ids)}.",
            "",
        ]
    out += [
        f"## 6. {_h('monitoring', lang)}",
        "",
        "| Arrangement | Owner | Frequency | Source |",
        "|---|---|---|---|",
    ]
    out += [
        f"| {_t(m_.arrangement, lang)} | {m_.owner} | {m_.frequency} | {m_.data_source} |"
        for m_ in plan.monitoring
    ]
    out += ["", f"## 7. {_h('risks', lang)}", "", *(f"- {_t(r, lang)}" for r in plan.risks), ""]
    return "\n".join(out)
