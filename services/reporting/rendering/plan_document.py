"""A plan built once as a `Document` in one language, for every rendering to lay out."""

from schemas.plans import Bilingual, Plan, Priority, Unclassified
from schemas.vocabulary import SchoolLevel, Severity, StakeholderGroup
from services.reporting.i18n import N_, Words, words
from services.reporting.i18n.content import affected, category, group, level, text
from services.reporting.i18n.languages import Lang
from services.reporting.i18n.names import guess_language, names, proper
from services.reporting.rendering import formats, plan_situation
from services.reporting.rendering.abbreviations import abbreviate, as_written
from services.reporting.rendering.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Inline,
    Pairs,
    Paragraph,
    Run,
    Section,
    Table,
    plain,
)
from services.reporting.rendering.plan_parts import (
    SEVERITIES,
    action_view,
    approval,
    budget_view,
    engine_line,
    field_names,
    is_estimate,
    letterhead,
    outcome_row,
    period_line,
    status_line,
    title,
)
from services.reporting.rendering.previous_cycle import (
    carried_mark,
    previous_cycle_blocks,
    raised_for,
    raised_line,
)
from services.reporting.rendering.record import changes, conflicts

LANGUAGE_NAMES = plan_situation.LANGUAGE_NAMES
ACTION_COLUMNS = (
    "#",
    N_("Action"),
    N_("Responsible"),
    N_("Partners"),
    N_("Timeline"),
    N_("Cost and funding"),
    N_("Indicator"),
    N_("Baseline"),
    N_("Target"),
    N_("Consultations"),
)
ACTION_WIDTHS = (0.8, 2.8, 1.6, 1.8, 1.3, 1.8, 2.0, 1.4, 2.0, 1.4)  # the lead is short (EPRBM)


def _ids(ids: tuple[object, ...]) -> str:
    return ", ".join(str(i)[:8] for i in ids)


def _labelled(label: str, value: str) -> Paragraph:
    return Paragraph((Run(f"{label}: ", "bold"), Run(value)))


def _bullets(texts: tuple[Bilingual, ...], lang: Lang) -> list[Block]:
    return [Bullets(tuple(plain(text(t, lang)) for t in texts))] if texts else []


def _situation(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    out: list[Block] = []
    if plan.narrative:
        out.append(_labelled(_("The working group's account"), plan.narrative))
    s = plan.situation
    if s is None:
        return out
    consulted = _(
        "{consultations} with {participants}, {a} – {b}.",
        consultations=_.ngettext("{n} consultation", "{n} consultations", s.consultations),
        participants=_.ngettext("{n} participant", "{n} participants", s.participants),
        a=formats.day(s.first_consultation, lang) if s.first_consultation else "—",
        b=formats.day(s.last_consultation, lang) if s.last_consultation else "—",
    )
    groups = [g for g in StakeholderGroup if g in s.by_stakeholder_group]
    # Each system's consultations in its own grade bands: the Kosovo curriculum's 1-5,
    # 6-9, 10-12, the Serbian curriculum's primary 1-4 and 5-8 and secondary school.
    serbian = s.by_school_level_outside_emis
    kosovo = {lv: n - serbian.get(lv, 0) for lv, n in s.by_school_level.items()}
    levels = ", ".join(f"{level(lv, lang)} {kosovo[lv]}" for lv in SchoolLevel if kosovo.get(lv))
    if serbian:
        theirs = ", ".join(
            f"{_(SERBIAN_SYSTEM_LEVELS[lv]) if lv in SERBIAN_SYSTEM_LEVELS else level(lv, lang)}"
            f" {serbian[lv]}"
            for lv in SchoolLevel
            if serbian.get(lv)
        )
        said = _("Serbian curriculum: {levels}", levels=theirs)
        levels = f"{levels}; {said}" if levels else said
    languages = ", ".join(
        f"{_(LANGUAGE_NAMES[k]) if k in LANGUAGE_NAMES else k} {n}"
        for k, n in sorted(s.by_language.items())
    )
    gaps = tuple(plain(text(g, lang)) for g in s.coverage_gaps) or (plain("—"),)
    return [
        *out,
        Paragraph(plain(consulted)),
        Table(
            header=(_("Stakeholder group"), _("Consultations")),
            rows=tuple(
                ((plain(group(g, lang)),), (plain(str(s.by_stakeholder_group[g])),)) for g in groups
            ),
            numeric=frozenset({1}),
        ),
        _labelled(_("School levels"), levels or "—"),
        _labelled(_("Languages"), languages or "—"),
        _labelled(_("Schools"), names(s.schools, lang) or "—"),
        Paragraph((Run(_("Coverage gaps") + ":", "bold"),)),
        Bullets(gaps),
        *plan_situation.context(plan, lang, _),
        *plan_situation.findings(plan, lang, _),
        *plan_situation.recommendations(plan, lang, _),
    ]


SERBIAN_SYSTEM_LEVELS = {
    SchoolLevel.PRIMARY: N_("primary school (grades 1-4)"),
    SchoolLevel.LOWER_SECONDARY: N_("primary school (grades 5-8)"),
    SchoolLevel.UPPER_SECONDARY: N_("secondary school"),
}


def _levels(
    plan: Plan, schools: tuple[str, ...], levels: tuple[SchoolLevel, ...], lang: Lang
) -> str:
    """School levels named by the system the schools follow: evidence only from schools
    under the Serbian curriculum takes its grade bands (1-4, 5-8, secondary school), not
    Kosovo's (1-5, 6-9, 10-12)."""
    _ = words(lang)
    outside = set(plan.situation.outside_emis_schools) if plan.situation else set()
    if schools and set(schools) <= outside:
        return ", ".join(
            _(SERBIAN_SYSTEM_LEVELS[lv]) if lv in SERBIAN_SYSTEM_LEVELS else level(lv, lang)
            for lv in levels
        )
    return ", ".join(level(lv, lang) for lv in levels)


def _evidence(plan: Plan, p: Priority, lang: Lang, _: Words) -> list[Block]:
    e = p.evidence
    if e is None:
        return []
    levels = _levels(plan, e.schools, e.school_levels, lang)
    severity = ", ".join(
        f"{_(SEVERITIES[s.value])} {e.severity_counts[s]}"
        for s in Severity
        if s in e.severity_counts
    )
    groups = ", ".join(affected(g, lang, plan.group_labels) for g in e.affected_groups) or "—"
    schools = names(e.schools, lang)
    severity = severity or "—"
    # One day is said as one day, not "from 8 October to 8 October".
    seen = (
        _("Raised on {d}", d=formats.day(e.first_seen, lang))
        if e.first_seen == e.last_seen
        else _(
            "Raised from {a} to {b}",
            a=formats.day(e.first_seen, lang),
            b=formats.day(e.last_seen, lang),
        )
    )
    # Evidence that names no school and no level (the MED's, a CSW's) says nothing of them.
    where: tuple[Inline, ...] = (
        (
            plain(
                _(
                    "Schools: {schools}; levels: {levels}",
                    schools=schools or "—",
                    levels=levels or "—",
                )
            ),
        )
        if schools or levels
        else ()
    )
    items: tuple[Inline, ...] = (
        *where,
        plain(
            _("Severity: {severity}; affected groups: {groups}", severity=severity, groups=groups)
        ),
        plain(seen),
    )
    return [Bullets(items)]


def _priority(plan: Plan, p: Priority, lang: Lang, _: Words) -> list[Block]:
    out: list[Block] = [Heading(f"{p.rank}. {category(p.category, lang, plan.category_labels)}")]
    if p.amended:
        mark = _("amended by the working group: {fields}", fields=field_names(p.amended, lang))
        out.append(Paragraph((Run(mark, "italic"),)))
    if p.objective:
        out.append(_labelled(_("Objective"), text(p.objective, lang)))
    if p.outcome:
        label, baseline, target = outcome_row(p.outcome, lang)
        row: tuple[tuple[Inline, ...], ...] = (
            (plain(label),),
            (plain(baseline),),
            (plain(target),),
        )
        heads: tuple[str, ...] = (_("Result indicator"), _("Baseline"), _("Target"))
        widths: tuple[float, ...] = (4.0, 2.4, 2.4)
        if p.outcome.owner:  # plans drafted before owners were named have none
            owner = text(p.outcome.owner_label, lang) or p.outcome.owner
            if p.outcome.owner_note:  # part of the figures reach the owner through another
                owner = f"{owner} {text(p.outcome.owner_note, lang)}"
            row += ((plain(owner),),)
            heads += (_("Responsible"),)
            widths = (3.4, 2.0, 2.0, 2.4)
        out.append(Table(heads, (row,), widths=widths))
    if p.rationale:
        out.append(_labelled(_("Rationale"), text(p.rationale, lang)))
    if raised := raised_for(plan, p):
        out.append(Paragraph((Run(raised_line(raised, lang, _), "italic"),)))
    out += _evidence(plan, p, lang, _)
    if p.actions:
        rows = []
        for a in p.actions:
            v = action_view(a, plan.cycle, lang)
            carried = carried_mark(plan, a.action_id, _)
            marks = (*v.marks, carried) if carried else v.marks
            rows.append(
                (
                    (plain(v.action_id),),
                    (plain(v.label), *((Run(m, "italic"),) for m in marks)),
                    (plain(v.responsible),),
                    (plain(v.partners or "—"),),
                    (plain(v.timeline),),
                    (plain(v.cost_and_funding),),
                    (plain(v.indicator),),
                    (plain(v.baseline or "—"),),
                    (plain(v.target or "—"), *((Run(m, "italic"),) for m in v.target_notes)),
                    (plain(str(v.consultations)),),
                )
            )
        header = tuple(c if c == "#" else _(c) for c in ACTION_COLUMNS)
        out.append(Table(header, tuple(rows), numeric=frozenset({9}), widths=ACTION_WIDTHS))
        bases = tuple(
            (Run(f"{a.action_id}: ", "bold"), Run(text(a.cost_basis, lang)))
            for a in p.actions
            if is_estimate(a)
        )
        if bases:
            out += [
                Paragraph((Run(_("How the costs were estimated") + ":", "bold"),)),
                Bullets(bases),
            ]
    return out


def _capitalised(value: str) -> str:
    return value[:1].upper() + value[1:]


def _budget(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    b = budget_view(plan, lang)
    if b is None:
        return []
    out: list[Block] = [Paragraph((Run(b.caption, "italic"),))]
    for t in b.tables:
        out.append(
            Table(
                header=t.heading,
                rows=tuple(((plain(label),), (plain(amount),)) for label, amount in t.rows),
                numeric=frozenset({1}),
                total=t.total,
            )
        )
    out.append(Paragraph(plain(b.note)))
    # How the costs meet the municipal budget cycle, in the plan's own words.
    out += [Paragraph(plain(text(n, lang))) for n in plan.budget_notes]
    if plan.unit_costs:
        rows = tuple(
            (
                (plain(_capitalised(text(u.label, lang))),),
                (plain(formats.eur(u.eur, lang)),),
                (plain(text(u.per, lang)),),
                (plain(text(u.source, lang)),),
            )
            for u in plan.unit_costs
        )
        header = (_("Unit cost"), "EUR", _("Unit"), _("Source"))
        out.append(Table(header, rows, numeric=frozenset({1}), widths=(2.6, 1.0, 2.0, 4.4)))
        assumed = sum(u.assumption for u in plan.unit_costs)
        if assumed:
            out.append(
                Paragraph(
                    plain(
                        _.ngettext(
                            "{n} of these unit costs is an assumption made for this draft, not "
                            "an official figure: the working group replaces it with its own.",
                            "{n} of these unit costs are assumptions made for this draft, not "
                            "official figures: the working group replaces them with its own.",
                            assumed,
                        )
                    )
                )
            )
    return out


def _findings(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    if not plan.other_findings:
        return []
    rows = tuple(
        (
            (plain(category(f.category, lang, plan.category_labels)),),
            (plain(str(f.consultation_count)),),
        )
        for f in plan.other_findings
    )
    header = (_("Category"), _("Consultations"))
    return [Table(header, rows, numeric=frozenset({1}))]


def _to_decide(plan: Plan, _: Words) -> list[Block]:
    """The issues waiting for the working group; the annex quotes them (a plan drafted
    before their texts were kept names their consultations there instead)."""
    out: list[Block] = []
    if plan.needs_human and plan.needs_human.issue_count:
        n = plan.needs_human
        if _has_texts(n):
            line = _.ngettext(
                "{n} raised issue has a doubtful category and waits for the working group "
                "(it is quoted in the annex).",
                "{n} raised issues have a doubtful category and wait for the working group "
                "(they are quoted in the annex).",
                n.issue_count,
            )
        else:
            line = _.ngettext(
                "{n} raised issue has a doubtful category and waits for the working group "
                "(its consultation is named in the annex).",
                "{n} raised issues have a doubtful category and wait for the working group "
                "(their consultations are named in the annex).",
                n.issue_count,
            )
        out.append(Paragraph(plain(line)))
    if plan.unclassified and plan.unclassified.issue_count:
        u = plan.unclassified
        if _has_texts(u):
            line = _.ngettext(
                "{n} raised issue matched no category; the working group reads it "
                "(it is quoted in the annex).",
                "{n} raised issues matched no category; the working group reads them "
                "(they are quoted in the annex).",
                u.issue_count,
            )
        else:
            line = _.ngettext(
                "{n} raised issue matched no category; the working group reads it "
                "(its consultation is named in the annex).",
                "{n} raised issues matched no category; the working group reads them "
                "(their consultations are named in the annex).",
                u.issue_count,
            )
        out.append(Paragraph(plain(line)))
    return out


def _has_texts(issues: Unclassified) -> bool:
    return any(i.text for i in issues.issues)


def _monitoring(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    if not plan.monitoring:
        return []
    rows = tuple(
        (
            (plain(text(m.arrangement, lang)),),
            (plain(text(m.owner_label, lang) or m.owner),),
            (plain(text(m.frequency_label, lang) or m.frequency),),
            (plain(text(m.data_source_label, lang) or m.data_source),),
        )
        for m in plan.monitoring
    )
    header = (_("Arrangement"), _("Responsible"), _("Frequency"), _("Source"))
    return [Table(header, rows, widths=(4.0, 2.4, 1.4, 2.2))]


def _record(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    lines, unapplied = changes(plan, lang), conflicts(plan, lang)
    out: list[Block] = []
    if lines:
        header = (_("When"), _("Who"), _("What"), _("Reason"))
        rows = tuple(
            ((plain(c.when),), (plain(c.who),), (plain(c.what),), (plain(c.why),)) for c in lines
        )
        out.append(Table(header, rows, widths=(1.2, 1.6, 3.6, 3.0)))
    if unapplied:
        label = _("Amendments the current evidence leaves nothing to apply to")
        out += [Paragraph((Run(label + ":", "bold"),)), Bullets(tuple(map(plain, unapplied)))]
    return out


def _quoted(issues: Unclassified, lang: Lang, _: Words) -> str:
    """The issues as the consultations recorded them, quoted, each in another language
    than the plan's labelled with it; a plan drafted before the texts were kept names
    their consultations."""
    texts = [plan_situation.quote(i.text, i.language, lang, _) for i in issues.issues if i.text]
    return "; ".join(texts) if texts else _ids(issues.consultation_ids)


def _terms(found: tuple[str, ...], lang: Lang, _: Words, plan_language: str | None = None) -> str:
    """The words the classifier matched: those of the document's language (a Serbian
    Cyrillic document prints Serbian Latin ones in Cyrillic), then the others under
    the name of their language, so no word of another script passes as the plan's. A
    word whose letters tell no language goes with the others when they agree on one,
    else with the plan's other matched words when those agree (`plan_language`)."""
    own_lang = "sr" if lang == "sr-Cyrl" else lang
    guessed = [guess_language(t) for t in found]
    known = {g for g in guessed if g}
    fallback = known.pop() if len(known) == 1 else None if known else plan_language
    own: list[str] = []
    other: dict[str, list[str]] = {}
    for t, g in zip(found, guessed, strict=True):
        g = g or fallback
        if g is None or g == own_lang or (own_lang == "bs" and g == "sr"):
            own.append(t if g == "sq" else proper(t, lang))
        else:
            other.setdefault(g, []).append(t)
    parts = [_("matched terms: {terms}", terms=", ".join(own))] if own else []
    for code, terms in sorted(other.items()):
        language = _(LANGUAGE_NAMES[code])
        parts.append(
            _("matched terms in {language}: {terms}", language=language, terms=", ".join(terms))
        )
    return "; ".join(parts)


def _provenance(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    """How the draft was made, for whoever checks it: versions, the priority scores, the
    words the classifier matched and the consultations behind each figure. Kept out of
    the plan's body, which a MED tables as its own text."""
    out: list[Block] = [
        Paragraph(
            plain(
                _(
                    "The consultants are the field consultants who held the consultations "
                    "and recorded the issues raised; an issue they did not put in a category "
                    "was categorised by the words it uses (the matched terms)."
                )
            )
        )
    ]
    ranked = [
        (category(p.category, lang, plan.category_labels), p.score, p.consultation_ids)
        for p in plan.priorities
    ] + [
        (category(f.category, lang, plan.category_labels), f.score, f.consultation_ids)
        for f in plan.other_findings
    ]
    if ranked:
        # How many consultations, not which: their references are in the technical record.
        rows = tuple(
            (
                (plain(name),),
                (plain(formats.number(score, lang)),),
                (plain(str(len(ids))),),
            )
            for name, score, ids in ranked
        )
        header = (_("Category"), _("Score"), _("Consultations"))
        out.append(Table(header, rows, numeric=frozenset({1, 2}), widths=(6.0, 1.5, 2.5)))
    notes: list[Inline] = []
    # The one language the plan's matched words tell, if they agree: "pedagoga" alone
    # tells none, beside "пешаче" it is Serbian.
    told = {
        g
        for p in plan.priorities
        if p.evidence
        for t in (p.evidence.matched_words or p.evidence.matched_terms)
        if (g := guess_language(t))
    }
    plan_language = told.pop() if len(told) == 1 else None
    for p in plan.priorities:
        e = p.evidence
        if e is None:
            continue
        line = _.ngettext(
            "{n} issue categorised by consultants",
            "{n} issues categorised by consultants",
            e.explicit_count,
        )
        if e.matched_words or e.matched_terms:
            line += "; " + _terms(e.matched_words or e.matched_terms, lang, _, plan_language)
        named = category(p.category, lang, plan.category_labels)
        notes.append((Run(named + ": ", "bold"), Run(line)))
    for label, issues in (
        (_("Issues to decide on"), plan.needs_human),
        (_("Unclassified issues"), plan.unclassified),
    ):
        if issues and issues.issue_count:
            notes.append((Run(label + ": ", "bold"), Run(_quoted(issues, lang, _))))
    if notes:
        out.append(Bullets(tuple(notes)))
    return out


def _technical(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    """The record a reviewer checks the draft against, last and apart from the plan's
    text: the catalogue and classifier versions, and the consultations (by reference)
    behind each category's score."""
    rows: list[Inline] = [plain(engine_line(plan, lang))]
    labels = plan.category_labels
    ranked = [(category(p.category, lang, labels), p.consultation_ids) for p in plan.priorities]
    ranked += [
        (category(f.category, lang, labels), f.consultation_ids) for f in plan.other_findings
    ]
    rows += [(Run(name + ": ", "bold"), Run(_ids(ids))) for name, ids in ranked if ids]
    return [Bullets(tuple(rows))]


def build(plan: Plan, lang: Lang) -> Document:
    """The plan's document in `lang`: every section a rendering shows, in order."""
    _ = words(lang)
    parts: list[tuple[str, str, list[Block]]] = [
        ("goals", _("Goals"), _bullets(plan.goals, lang)),
        ("situation", _("Situation analysis"), _situation(plan, lang, _)),
        ("previous_cycle", _("The previous school year"), previous_cycle_blocks(plan, lang, _)),
        (
            "priorities",
            _("Priorities"),
            [
                *([Paragraph(plain(period_line(plan, lang)))] if plan.priorities else []),
                *(b for p in plan.priorities for b in _priority(plan, p, lang, _)),
            ],
        ),
        ("budget", _("Budget"), _budget(plan, lang, _)),
        ("findings", _("Other findings"), _findings(plan, lang, _)),
        ("to_decide", _("Issues to decide on"), _to_decide(plan, _)),
        ("monitoring", _("Monitoring and reporting"), _monitoring(plan, lang, _)),
        ("risks", _("Risks and assumptions"), plan_situation.risks(plan, lang, _)),
        ("changes", _("Changes by the working group"), _record(plan, lang, _)),
        ("provenance", _("Annex: how this plan was prepared"), _provenance(plan, lang, _)),
        ("technical", _("Technical record"), _technical(plan, lang, _)),
    ]
    kept = [(key, heading, blocks) for key, heading, blocks in parts if blocks]
    block = approval(plan, lang)
    status = status_line(plan, lang)
    # The page header says where the plan stands once; the line under the title says which
    # version; how it was drafted is in the annex.
    marker = status if plan.status == "approved" else _("Draft, not adopted")
    if plan.status in ("in_review", "changes_requested"):
        marker += f" · {status}"
    return Document(
        lang=lang,
        title=title(plan, lang),
        marker=marker,
        meta=(status,),
        approval=Section("adoption", 0, _("Adoption"), (Pairs(block),)) if block else None,
        sections=as_written(
            abbreviate(
                tuple(
                    Section(key, number, heading, tuple(blocks))
                    for number, (key, heading, blocks) in enumerate(kept, start=1)
                ),
                plan,
                lang,
                _,
            ),
            plan,
            lang,
        ),
        letterhead=letterhead(plan, lang),
    )
