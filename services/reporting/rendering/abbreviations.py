"""Long official names written out once and abbreviated after that.

The school team carries the name MESTI's Administrative Instruction gives it, some
ninety characters in Albanian: written out in every cell it squeezed the action
matrix (five lines a cell in the PDF). The document names it in full once, at its
first mention, with the abbreviation defined there, and by the abbreviation
everywhere else, in every language and so in every format.

A Serbian Cyrillic document is the Serbian text transliterated; the names a translated
text carries (an Albanian school's, the team's acronym) are put back as written
(`as_written`).
"""

from dataclasses import replace

from schemas.plans import Bilingual, Plan
from schemas.vocabulary.cyrillic import to_cyrillic
from services.reporting.i18n import N_, Words, words
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang
from services.reporting.i18n.names import albanian_name
from services.reporting.rendering.document import (
    Block,
    Bullets,
    Heading,
    Inline,
    Pairs,
    Paragraph,
    Run,
    Section,
    Table,
)

SCHOOL_TEAM = "school_team"
# The abbreviation and the full name with it, as the document catalogue words them: the
# name of MESTI's Administrative Instruction with Kosovo's acronym, PRTAN in English and
# EPRBM (the Albanian one) in every other language, which has no acronym of its own in
# Kosovo's documents that the team could confirm.
SHORT = N_("PRTAN")
DEFINED = N_("Prevention and Response Team towards Abandonment and Non-registration (PRTAN)")


def body_label(plan: Plan, code: str) -> Bilingual | None:
    """The catalogue's label of body `code` as the plan carries it, wherever it is named."""
    for p in plan.priorities:
        if p.outcome and p.outcome.owner == code and p.outcome.owner_label:
            return p.outcome.owner_label
        for a in p.actions:
            if a.responsible == code:
                return a.responsible_label
            for partner, label in zip(a.partners, a.partner_labels, strict=False):
                if partner == code:
                    return label
    for m in plan.monitoring:
        if m.owner == code and m.owner_label:
            return m.owner_label
    for r in plan.risk_register:
        if r.owner == code and r.owner_label:
            return r.owner_label
    return None


def _mentions(b: Block, full: str) -> bool:
    if isinstance(b, Paragraph):
        return any(full in r.text for r in b.runs)
    if isinstance(b, Bullets):
        return any(full in r.text for item in b.items for r in item)
    if isinstance(b, Pairs):
        return any(full in v for _, v in b.items)
    if isinstance(b, Table):
        return any(full in r.text for row in b.rows for cell in row for line in cell for r in line)
    if isinstance(b, Heading):
        return full in b.text
    return False


def _runs(runs: Inline, full: str, short: str) -> Inline:
    return tuple(replace(r, text=r.text.replace(full, short)) for r in runs)


def _shorten(b: Block, full: str, short: str) -> Block:
    if isinstance(b, Paragraph):
        return Paragraph(_runs(b.runs, full, short))
    if isinstance(b, Bullets):
        return Bullets(tuple(_runs(i, full, short) for i in b.items))
    if isinstance(b, Pairs):
        return Pairs(tuple((k, v.replace(full, short)) for k, v in b.items))
    if isinstance(b, Table):
        rows = tuple(
            tuple(tuple(_runs(line, full, short) for line in cell) for cell in row)
            for row in b.rows
        )
        return replace(b, rows=rows)
    if isinstance(b, Heading):
        return Heading(b.text.replace(full, short))
    return b


def _first_in_prose(b: Paragraph, full: str, defined: str) -> Paragraph:
    """The paragraph with its first mention written out with the abbreviation."""
    out: list[Run] = []
    done = False
    for r in b.runs:
        if not done and full in r.text:
            r, done = replace(r, text=r.text.replace(full, defined, 1)), True
        out.append(r)
    return Paragraph(tuple(out))


def abbreviate(
    sections: tuple[Section, ...], plan: Plan, lang: Lang, _: Words
) -> tuple[Section, ...]:
    """The sections with the school team written out at its first mention (in place in
    a paragraph; in a line of its own just before a table or list) and abbreviated in
    every mention after it."""
    label = body_label(plan, SCHOOL_TEAM)
    full = text(label, lang) if label else ""
    if not full:
        return sections
    short, defined = _(SHORT), _(DEFINED)
    out: list[Section] = []
    pending = True
    for s in sections:
        blocks: list[Block] = []
        for b in s.blocks:
            if pending and _mentions(b, full):
                pending = False
                if isinstance(b, Paragraph):
                    b = _first_in_prose(b, full, defined)
                else:
                    line = _("Abbreviation used in this plan: {defined}.", defined=defined)
                    blocks.append(Paragraph((Run(line, "italic"),)))
            blocks.append(_shorten(b, full, short))
        out.append(replace(s, blocks=tuple(blocks)))
    return tuple(out)


def as_written(sections: tuple[Section, ...], plan: Plan, lang: Lang) -> tuple[Section, ...]:
    """A Serbian Cyrillic document's sections with the Albanian school names and the
    team's acronym as written, where a translated text carried them into the Cyrillic
    ("СХФМУ Фан Ноли" back to "SHFMU Fan Noli"); other documents as they are."""
    if lang != "sr-Cyrl":
        return sections
    schools = plan.situation.schools if plan.situation else ()
    # The team's acronym is Kosovo's Albanian one: Latin in Cyrillic too.
    kept = [*(n for n in schools if albanian_name(n)), words("sr")(SHORT)]
    out = sections
    for name in kept:
        cyrillic = to_cyrillic(name)
        if cyrillic != name:
            out = tuple(
                replace(s, blocks=tuple(_shorten(b, cyrillic, name) for b in s.blocks)) for s in out
            )
    return out
