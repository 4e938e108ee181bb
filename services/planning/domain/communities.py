"""Which of the Roma, Ashkali and Egyptian communities a plan's evidence names, and
what the plan calls the group and its category for it.

The vocabulary says "Roma, Ashkali and Egyptian" for the `rae` group and the
`rae_inclusion` category. Graçanicë's statistics count Roma only and no
consultation there names Ashkali or Egyptians: its headings and notes say
"Roma". The communities named are those the statistics count (rows with pupils)
and those the consultations' texts name (`[rae_mentions]`, "RAE" naming all
three); none named means all three, and all three keep the vocabulary's words.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from schemas.plans import Bilingual
from schemas.statistics import Community, MunicipalStatisticsRecorded
from schemas.vocabulary import AFFECTED_GROUP_LABELS, AffectedGroup, IssueCategory
from services.planning.domain.baselines import RAE_ORDER
from services.planning.domain.evidence import Observation
from services.planning.domain.wording import Wording


@dataclass(frozen=True, slots=True)
class Mentions:
    """The folded stems that tell each community in a text, and those naming all three."""

    by_community: dict[Community, tuple[str, ...]]
    everyone: tuple[str, ...]

    @classmethod
    def from_data(cls, data: dict[str, list[str]]) -> "Mentions":
        return cls(
            {Community(c): tuple(data[c.value]) for c in RAE_ORDER},
            tuple(data.get("all", ())),
        )


def rae_named(
    stats: MunicipalStatisticsRecorded | None,
    observations: Iterable[Observation],
    mentions: Mentions,
) -> tuple[Community, ...]:
    """The RAE communities the evidence names, in the vocabulary's order; all three when
    nothing names any (the group as the consultants marked it)."""
    named = {
        c
        for c in RAE_ORDER
        if stats is not None
        and any(r.community == c and (r.enrolled or r.not_enrolled) for r in stats.rows)
    }
    for o in observations:
        if o.mentions(mentions.everyone):
            return RAE_ORDER
        named |= {c for c, stems in mentions.by_community.items() if o.mentions(stems)}
    return tuple(c for c in RAE_ORDER if c in named) or RAE_ORDER


@dataclass(frozen=True, slots=True)
class Named:
    """The plan's own names for the RAE group and category, where fewer than all three
    communities are named (empty otherwise: the vocabulary's labels stand)."""

    categories: dict[IssueCategory, Bilingual]
    groups: dict[AffectedGroup, Bilingual]
    # The communities, comma-separated as the catalogue's `[communities.rae]` ("Roma").
    people: Bilingual | None = None


def names_for(communities: tuple[Community, ...], w: Wording) -> Named:
    """The category's and the group's names for `communities` ("Roma inclusion", "Roma
    pupils"), in every language; nothing when all three are named."""
    if communities == RAE_ORDER:
        return Named({}, {})

    def listed(lang: str, form: str, last: str | None = None) -> str:
        words = [w.phrase(lang, "rae_adjective", form, c.value) for c in communities]
        if last:  # Turkish puts the case ending on the last name only
            words[-1] = w.phrase(lang, "rae_adjective", last, communities[-1].value)
        return w.join(lang, words)

    category = Wording.each(
        lambda lang: w.phrase(lang, "rae_category_label").format(
            list=listed(lang, "category", "category_last")
        )
    )
    group = Wording.each(
        lambda lang: w.phrase(lang, "rae_group_label").format(list=listed(lang, "nominative"))
    )
    people = Wording.each(
        lambda lang: ", ".join(w.phrase(lang, "stats_people", c.value) for c in communities)
    )
    return Named({IssueCategory.RAE_INCLUSION: category}, {AffectedGroup.RAE: group}, people)


def group_label(group: AffectedGroup, lang: str, labels: Mapping[AffectedGroup, Bilingual]) -> str:
    """The group's name in `lang`: the plan's own ("Roma pupils") or the vocabulary's."""
    if group in labels:
        return str(getattr(labels[group], lang) or labels[group].en)
    return str(getattr(AFFECTED_GROUP_LABELS[group], lang))


def nor_list(communities: tuple[Community, ...], w: Wording) -> Bilingual:
    """The communities as the adjective of "no ... parents" ("Roma, Ashkali or Egyptian")."""

    def said(lang: str) -> str:
        words = [w.phrase(lang, "rae_adjective", "nominative", c.value) for c in communities]
        if len(words) <= 1:
            return "".join(words)
        return f"{', '.join(words[:-1])} {w.phrase(lang, 'nor')} {words[-1]}"

    return Wording.each(said)
