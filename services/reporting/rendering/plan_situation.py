"""The situation analysis told as text: the municipality's context (communities, the
schools outside EMIS), one account per priority and the participants' recommendations.
What people wrote (school names, recommendations) is printed as written."""

from schemas.plans import MainFinding, Plan, Risk
from schemas.vocabulary import StakeholderGroup
from services.reporting.i18n import N_, Words
from services.reporting.i18n.content import category, group, text
from services.reporting.i18n.languages import Lang
from services.reporting.i18n.names import names
from services.reporting.rendering.document import Block, Bullets, Paragraph, Run, Table, plain

# The languages a consultation is held in, named where a quote is in another than the plan's.
IN_LANGUAGE = {
    "sq": N_("in Albanian"),
    "sr": N_("in Serbian"),
    "en": N_("in English"),
    "tr": N_("in Turkish"),
    "bs": N_("in Bosnian"),
}
LANGUAGE_NAMES = {
    "sq": N_("Albanian"),
    "sr": N_("Serbian"),
    "en": N_("English"),
    "tr": N_("Turkish"),
    "bs": N_("Bosnian"),
}


def quote(said: str, language: str | None, lang: Lang, _: Words) -> str:
    """What someone wrote, quoted as written; in another language than the plan's it is
    labelled with its language ("in English: “…”"), so it never passes as the plan's
    text. Serbian stands as the plan's in a Bosnian plan (one language, two standards)."""
    quoted = f"“{said}”"
    own = "sr" if lang == "sr-Cyrl" else lang
    if language is None or language == own or (own == "bs" and language == "sr"):
        return quoted
    if language not in IN_LANGUAGE:
        return quoted
    return f"{_(IN_LANGUAGE[language])}: {quoted}"


def _label(label: str) -> Paragraph:
    return Paragraph((Run(label + ":", "bold"),))


def context(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    s = plan.situation
    if s is None:
        return []
    out: list[Block] = []
    if s.statistics:
        out += [
            _label(_("Municipal statistics")),
            Bullets(tuple(plain(text(c, lang)) for c in s.statistics)),
        ]
    if not (s.context or s.outside_emis_schools):
        return out
    out += [
        _label(_("The municipality")),
        Bullets(tuple(plain(text(c, lang)) for c in s.context)),
    ]
    if s.outside_emis_schools:
        label = _("Schools under the Serbian curriculum (outside EMIS)")
        listed = names(s.outside_emis_schools, lang)
        out.append(Paragraph((Run(f"{label}: ", "bold"), Run(listed))))
    return out


def _finding(plan: Plan, f: MainFinding, lang: Lang, spoken: dict[str, str], _: Words) -> Paragraph:
    raised = text(f.raised, lang)
    if f.schools:
        raised += f" ({names(f.schools, lang)})"
    parts = [raised + ".", *(text(x, lang) for x in f.sentences)]
    if f.recommendations:
        quoted = "; ".join(quote(r, spoken.get(r), lang, _) for r in f.recommendations)
        # A quotation that ends its own sentence takes no second full stop.
        stop = "" if f.recommendations[-1].rstrip().endswith((".", "!", "?")) else "."
        parts.append(f"{text(f.recommended, lang)} {quoted}{stop}")
    named = category(f.category, lang, plan.category_labels)
    return Paragraph((Run(named + ". ", "bold"), Run(" ".join(parts))))


def findings(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    s = plan.situation
    if s is None or not s.main_findings:
        return []
    # A finding quotes recommendations by their text; the list of them knows their language.
    spoken = {r.text: r.language for r in s.recommendations}
    return [
        _label(_("Main findings")),
        *(_finding(plan, f, lang, spoken, _) for f in s.main_findings),
    ]


def recommendations(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    s = plan.situation
    if s is None:
        return []
    items = tuple(
        (
            Run(quote(r.text, r.language, lang, _)),
            Run(f" — {group(StakeholderGroup(r.stakeholder_group), lang)}", "italic"),
        )
        for r in s.recommendations
    )
    if not items:
        return [Paragraph(plain(_("The participants made no recommendations.")))]
    out: list[Block] = [_label(_("Participants' recommendations")), Bullets(items)]
    if s.recommendations_omitted:
        more = _.ngettext(
            "{n} more recommendation is in the consultations.",
            "{n} more recommendations are in the consultations.",
            s.recommendations_omitted,
        )
        out.append(Paragraph(plain(more)))
    return out


def risks(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    """The risk register with mitigations (a plan drafted before it: the risks alone)."""
    if not plan.risk_register:
        return [Bullets(tuple(plain(text(r, lang)) for r in plan.risks))] if plan.risks else []
    owned = any(r.owner for r in plan.risk_register)  # older plans name no owner
    rated = any(r.likelihood for r in plan.risk_register)  # nor a likelihood
    rows = tuple(_risk_row(r, lang, owned, rated, _) for r in plan.risk_register)
    heads: tuple[str, ...] = (_("Risk"),)
    widths: tuple[float, ...] = (3.8,)
    if rated:
        heads, widths = (*heads, _("Likelihood")), (*widths, 1.1)
    heads, widths = (*heads, _("Mitigation")), (*widths, 4.4)
    if owned:
        heads, widths = (*heads, _("Responsible")), (*widths, 1.8)
    return [Table(heads, rows, widths=widths)]


LIKELIHOODS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}


def _risk_row(
    r: Risk, lang: Lang, owned: bool, rated: bool, _: Words
) -> tuple[tuple[tuple[Run, ...], ...], ...]:
    risk: tuple[tuple[Run, ...], ...] = (plain(text(r.risk, lang)),)
    if r.because:
        risk += ((Run(text(r.because, lang), "italic"),),)
    row: tuple[tuple[tuple[Run, ...], ...], ...] = (risk,)
    if rated:
        row += ((plain(_(LIKELIHOODS[r.likelihood]) if r.likelihood else "—"),),)
    row += ((plain(text(r.mitigation, lang)),),)
    if owned:
        row += ((plain(text(r.owner_label, lang) or r.owner or "—"),),)
    return row
