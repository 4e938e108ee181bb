"""A one-page summary for the Municipal Assembly and the parents' councils: plain words,
no codes, no people's names (focal points, who entered a value), counts only."""

from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang
from services.reporting.rendering import formats
from services.reporting.rendering.document import (
    Block,
    Bullets,
    Document,
    Paragraph,
    Section,
    plain,
)
from services.reporting.reports.figures import ActionFigure, figures
from services.reporting.reports.snapshot import PlanTracking
from services.reporting.reports.wording import place, report_words

MAX_ITEMS = 3  # per list, the rest counted: with both lists full the page stays one page
HEADLINE = 110  # characters of an action's label the page has room for


def headline(label: str) -> str:
    """What an action is, in a line: its label up to the colon that starts the how
    ("From grade 5 to grade 6: the school compares…"), or its first words."""
    head, colon, _ = label.partition(": ")
    if colon and 12 <= len(head) <= HEADLINE:
        return head
    if len(label) <= HEADLINE:
        return label
    return label[: label.rfind(" ", 0, HEADLINE)].rstrip(" ,;—–-") + " …"


def _labels(found: list[ActionFigure], lang: Lang, more: str) -> list[Block]:
    items = [plain(headline(text(a.action.label, lang))) for a in found[:MAX_ITEMS]]
    if len(found) > MAX_ITEMS:
        items.append(plain(more.format(n=len(found) - MAX_ITEMS)))
    return [Bullets(tuple(items))]


def build(tracking: PlanTracking, lang: Lang) -> Document:
    _ = report_words(lang)
    f = figures(tracking)
    where = place(tracking, lang)
    total, done = len(f.live), f.count("done")
    going, late = f.count("on_track"), f.count("delayed", "late_start", "overdue")
    brief = _(
        "The plan against school dropout was adopted on {day}.",
        day=formats.day(tracking.adopted_on, lang),
    )
    tally = _(
        "Actions in the plan: {total} · done: {done} · going as planned: {going} · late: {late}",
        total=total,
        done=done,
        going=going,
        late=late,
    )
    more = _("and {n} more")
    done_list = [a for a in f.actions if a.standing == "done"]
    late_list = [a for a in f.actions if a.standing in ("overdue", "delayed", "late_start")]
    money = _(
        "{planned} is set aside for the plan; {spent} has been spent so far.",
        planned=formats.eur(f.planned_eur, lang),
        spent=formats.eur(f.spent_eur, lang),
    )
    visits = sum(m.counts.home_visits for m in tracking.school_months)
    back = sum(m.counts.returns_to_school for m in tracking.school_months)
    schools = len({m.school for m in tracking.school_months})
    children = _(
        "Home visits by the schools' prevention teams: {visits} · children back in school: "
        "{back} · schools reporting: {schools}",
        visits=visits,
        back=back,
        schools=schools,
    )
    missing = _(
        "Reports received: {received} · reports still missing: {missing}",
        received=len(f.received),
        missing=len(f.missing),
    )
    parts: list[tuple[str, str, list[Block]]] = [
        ("brief", _("The plan in brief"), [Paragraph(plain(brief)), Paragraph(plain(tally))]),
        (
            "done",
            _("What has been done"),
            _labels(done_list, lang, more)
            if done_list
            else [Paragraph(plain(_("Nothing is finished yet.")))],
        ),
        (
            "late",
            _("What is late"),
            _labels(late_list, lang, more)
            if late_list
            else [Paragraph(plain(_("Nothing is late.")))],
        ),
        ("money", _("Money"), [Paragraph(plain(money))]),
        (
            "children",
            _("Children and schools"),
            [Paragraph(plain(children)), Paragraph(plain(missing))],
        ),
    ]
    title = _(
        "How the plan against school dropout is going — {place}, school year {cycle}",
        place=where,
        cycle=tracking.cycle,
    )
    return Document(
        lang=lang,
        title=title,
        marker=title,
        meta=(_("As of {day}", day=formats.day(f.day, lang)),),
        approval=None,
        sections=tuple(
            Section(key, n, heading, tuple(blocks))
            for n, (key, heading, blocks) in enumerate(parts, start=1)
        ),
    )
