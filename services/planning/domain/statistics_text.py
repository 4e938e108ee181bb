"""The municipal statistics told in the situation analysis: dropout by community and by
gender, non-enrolment by community, and the gap of the Roma, Ashkali and Egyptian
communities when it is large enough to weigh in the priorities.

Aggregates only: the rows are counts per level, gender and community.
"""

from collections.abc import Iterable

from schemas.plans import Bilingual
from schemas.statistics import Community, MunicipalStatisticsRecorded, StatisticsRow
from services.planning.domain.baselines import boys_gap, percent, rae_names, rae_values
from services.planning.domain.wording import Wording

RAE = frozenset({Community.ROMA, Community.ASHKALI, Community.EGYPTIAN})
# A gap weighs in when the RAE dropout rate is at least GAP_RATIO times the rate of all
# other pupils and rests on at least GAP_MIN_DROPOUTS pupils (one family's move is not a
# trend); the priorities whose evidence names RAE pupils then gain GAP_POINTS.
GAP_RATIO = 2.0
GAP_MIN_DROPOUTS = 5
GAP_POINTS = 10.0
# The RAE inclusion priority itself is weighed by the gap: GAP_POINTS per time the RAE
# rate exceeds the others' (at most 100), and a gap of GAP_TOP_RATIO times or more puts
# it no lower than second, whatever the consultations' scores.
GAP_TOP_RATIO = 3.0
# The move from grade 5 to grade 6 is told when RAE dropout in lower secondary is at
# least this many times their primary rate (and on GAP_MIN_DROPOUTS pupils).
TRANSITION_RATIO = 1.5


def _counts(rows: Iterable[StatisticsRow]) -> tuple[int, int, int]:
    rows = list(rows)
    return (
        sum(r.dropped_out for r in rows),
        sum(r.enrolled for r in rows),
        sum(r.not_enrolled for r in rows),
    )


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def rae_gap(s: MunicipalStatisticsRecorded | None) -> bool:
    """Whether the statistics show an RAE dropout gap large enough to weigh in."""
    if s is None:
        return False
    out, enrolled, _ = _counts(r for r in s.rows if r.community in RAE)
    rest_out, rest_enrolled, _ = _counts(r for r in s.rows if r.community not in RAE)
    rae, rest = _rate(out, enrolled), _rate(rest_out, rest_enrolled)
    if rae is None or out < GAP_MIN_DROPOUTS:
        return False
    return rest is None or rae >= GAP_RATIO * rest


def gap_ratio(s: MunicipalStatisticsRecorded) -> float:
    """How many times the RAE dropout rate is the other pupils' (infinite when the others
    lost nobody or none are counted)."""
    out, enrolled, _ = _counts(r for r in s.rows if r.community in RAE)
    rest_out, rest_enrolled, _ = _counts(r for r in s.rows if r.community not in RAE)
    if not enrolled:
        return 0.0
    if not rest_out or not rest_enrolled:
        return float("inf")
    return (out / enrolled) / (rest_out / rest_enrolled)


def gap_score(s: MunicipalStatisticsRecorded) -> float:
    """The RAE inclusion priority's score from the statistics: GAP_POINTS per time."""
    return min(100.0, round(GAP_POINTS * gap_ratio(s), 1))


def rae_dropouts(s: MunicipalStatisticsRecorded) -> int:
    """RAE pupils who left during the year: whom a priority from statistics alone reaches."""
    return _counts(r for r in s.rows if r.community in RAE)[0]


def gap_evidence(
    s: MunicipalStatisticsRecorded, wording: Wording, source: Bilingual | None
) -> Bilingual:
    """The rationale of an RAE priority no consultation raised: the statistics, said so."""
    out, enrolled, _ = _counts(r for r in s.rows if r.community in RAE)
    rest_out, rest_enrolled, _ = _counts(r for r in s.rows if r.community not in RAE)

    def figure(lang: str, part: int, whole: int) -> str:
        value = _rate(part, whole)
        shown = percent(wording, lang, value) if value is not None else "—"
        return wording.phrase(lang, "stats_figure").format(rate=shown, part=part, whole=whole)

    return Wording.each(
        lambda lang: wording.phrase(lang, "stats_priority").format(
            source=(getattr(source, lang, None) if source else None) or s.source,
            year=s.school_year,
            rae=figure(lang, out, enrolled),
            rest=figure(lang, rest_out, rest_enrolled),
            **rae_values(rae_names(wording, s), lang),
        )
    )


def describe(
    s: MunicipalStatisticsRecorded | None, wording: Wording, source: Bilingual | None
) -> tuple[Bilingual, ...]:
    """Sentences on the statistics, in the order a MED reads them; none without them."""
    if s is None or not s.rows:
        return ()
    communities = [c for c in Community if any(r.community == c for r in s.rows)]
    names = rae_names(wording, s)  # the RAE communities the rows count, by name

    def figure(lang: str, part: int, whole: int) -> str:
        value = _rate(part, whole)
        shown = percent(wording, lang, value) if value is not None else "—"
        return wording.phrase(lang, "stats_figure").format(rate=shown, part=part, whole=whole)

    def people(lang: str, c: Community) -> str:
        return wording.phrase(lang, "stats_people", c.value)

    def by_community(lang: str) -> str:
        items = []
        for c in communities:
            out, enrolled, _ = _counts(r for r in s.rows if r.community == c)
            items.append(f"{people(lang, c)} {figure(lang, out, enrolled)}")
        return wording.phrase(lang, "stats_dropout").format(
            year=s.school_year,
            source=(getattr(source, lang, None) if source else None) or s.source,
            list=", ".join(items),
        )

    def by_gender(lang: str) -> str:
        parts = {}
        for g in ("female", "male"):
            out, enrolled, _ = _counts(r for r in s.rows if r.gender == g)
            parts[g] = figure(lang, out, enrolled)
        return wording.phrase(lang, "stats_gender").format(
            girls=parts["female"], boys=parts["male"]
        )

    sentences = [Wording.each(by_community), Wording.each(by_gender)]
    boys = boys_gap(s, "dropout", ())
    if boys is not None:
        sentences.append(
            Wording.each(
                lambda lang: wording.phrase(lang, "stats_boys").format(
                    boys=percent(wording, lang, boys[0]), girls=percent(wording, lang, boys[1])
                )
            )
        )
    _, _, missing = _counts(s.rows)
    if missing:

        def not_enrolled(lang: str) -> str:
            counted = [(c, _counts(r for r in s.rows if r.community == c)[2]) for c in communities]
            items = [f"{people(lang, c)} {n}" for c, n in counted if n]
            return wording.phrase(lang, "stats_not_enrolled").format(
                total=missing, list=", ".join(items)
            )

        sentences.append(Wording.each(not_enrolled))
    if rae_gap(s):
        out, enrolled, _ = _counts(r for r in s.rows if r.community in RAE)
        rest_out, rest_enrolled, _ = _counts(r for r in s.rows if r.community not in RAE)
        sentences.append(
            Wording.each(
                lambda lang: wording.phrase(lang, "stats_gap").format(
                    rae=figure(lang, out, enrolled),
                    rest=figure(lang, rest_out, rest_enrolled),
                    **rae_values(names, lang),
                )
            )
        )
    transition = rae_transition(s)
    if transition is not None:
        sentences.append(
            Wording.each(
                lambda lang: wording.phrase(lang, "stats_transition").format(
                    primary=figure(lang, *transition[0]),
                    lower=figure(lang, *transition[1]),
                    per_primary=transition[2],
                    per_lower=transition[3],
                    **rae_values(names, lang),
                )
            )
        )
    return tuple(sentences)


def rae_transition(
    s: MunicipalStatisticsRecorded,
) -> tuple[tuple[int, int], tuple[int, int], int, int] | None:
    """RAE dropout (left, enrolled) in primary and lower secondary and their pupils per
    grade (5 grades, then 4), when lower secondary loses them markedly more."""
    rae = [r for r in s.rows if r.community in RAE]
    p_out, p_in, _ = _counts(r for r in rae if r.level == "primary")
    l_out, l_in, _ = _counts(r for r in rae if r.level == "lower_secondary")
    p_rate, l_rate = _rate(p_out, p_in), _rate(l_out, l_in)
    if p_rate is None or l_rate is None or l_out < GAP_MIN_DROPOUTS:
        return None
    if l_rate < TRANSITION_RATIO * p_rate:
        return None
    return (p_out, p_in), (l_out, l_in), round(p_in / 5), round(l_in / 4)
