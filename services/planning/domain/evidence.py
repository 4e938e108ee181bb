"""Evidence: what the consultations of one municipality and year say per category.

Pure and order-independent: the same set of consultations, in any order and
with any duplicates, gives the same evidence. A classifier that carries an
`OpinionMemo` (`Remembering`) gives it too, classifying only the issues it has
not seen with that text (evidence_memo.py keeps one memo per plan).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from uuid import UUID

from schemas.consultations import ConsultationRecorded, RaisedIssue
from schemas.vocabulary import (
    AffectedGroup,
    IssueCategory,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)
from services.planning.domain.classification import RuleSet
from services.planning.domain.normalise import tokens
from services.planning.domain.opinion import Assignment, Classifier, Opinion, as_classifier


@dataclass(slots=True)
class CategoryTally:
    """Accumulated evidence for one category (mutable while counting)."""

    category: IssueCategory
    consultation_ids: set[UUID] = field(default_factory=set)
    stakeholder_groups: set[StakeholderGroup] = field(default_factory=set)
    schools: set[str] = field(default_factory=set)
    school_levels: set[SchoolLevel] = field(default_factory=set)
    affected_students: int = 0
    severity_counts: dict[Severity, int] = field(default_factory=dict)
    affected_groups: set[AffectedGroup] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)
    matched_terms: set[str] = field(default_factory=set)
    matched_words: set[str] = field(default_factory=set)
    explicit_count: int = 0
    model_count: int = 0
    issue_count: int = 0
    # One entry per issue: what tailoring rules test, with the consultation behind it.
    observations: list["Observation"] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Observation:
    consultation_id: UUID
    school_level: SchoolLevel | None
    severity: Severity
    affected_groups: frozenset[AffectedGroup]
    school: str | None = None  # the school's name, when the consultation names one
    words: str = " "  # the description folded to tokens, " "-separated and -framed
    affected_students: int = 0

    def mentions(self, stems: tuple[str, ...]) -> bool:
        """Whether a word of the description starts with one of `stems` (a stem may span
        words, "klases se peste"; one ending in a space must end a word, "bus ")."""
        return any(" " + stem in self.words for stem in stems)


@dataclass(frozen=True, slots=True)
class Evidence:
    consultations: tuple[ConsultationRecorded, ...]  # unique, sorted by id
    by_category: dict[IssueCategory, CategoryTally]
    # (consultation, issue index) -> the classifier's opinion, for free-text issues
    opinions: dict[tuple[UUID, int], Opinion] = field(default_factory=dict)

    def issues_in(self, state: str) -> list[tuple[UUID, int]]:
        return [key for key, o in self.opinions.items() if o.state == state]


def categorise(issue: RaisedIssue) -> IssueCategory | None:
    """The consultant's explicit category, which wins; None leaves it to the classifier."""
    if issue.category is not None and issue.category != IssueCategory.UNCLASSIFIED:
        return issue.category
    return None


@dataclass(slots=True)
class OpinionMemo:
    """The opinions one classifier gave on one plan's free-text issues, each with the text
    it judged: an opinion depends on the text and the classifier alone, so it is reused
    while both are the same (a corrected description, or another classifier, judges anew)."""

    made_by: tuple[object, ...] = ()  # _made_by of the classifier that gave them
    pinned: tuple[object, ...] = ()  # its rules and model, so their ids are not reused
    said: dict[tuple[UUID, int], tuple[str, Opinion]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.said)


def _made_by(c: Classifier) -> tuple[object, ...]:
    """What an opinion depends on besides the text: the rules and the model (objects that
    are swapped, never changed in place, compared by identity), their versions, and the
    classifier's thresholds."""
    rest = tuple(getattr(c, f.name) for f in fields(Classifier) if f.name not in ("rules", "model"))
    return (id(c.rules), id(c.model), c.rules.version, c.model_version, *rest)


@dataclass(frozen=True, slots=True)
class Remembering(Classifier):
    """A classifier whose `gather` reuses and refreshes `memo` (its opinions are its own)."""

    memo: OpinionMemo = field(default_factory=OpinionMemo, compare=False, repr=False)

    @classmethod
    def of(cls, classifier: Classifier, memo: OpinionMemo) -> "Remembering":
        kept = {f.name: getattr(classifier, f.name) for f in fields(Classifier)}
        return cls(**kept, memo=memo)


# A planner's correction of one raised issue: another category, or None to leave it out.
Overrides = Mapping[tuple[UUID, int], IssueCategory | None]


def gather(
    records: Iterable[ConsultationRecorded],
    rules: RuleSet | Classifier,
    overrides: Overrides | None = None,
) -> Evidence:
    """Tally the issues per category; `overrides` (the working group's corrections of the
    evidence) win over the consultant's and the classifier's category. Issues the
    classifier cannot place or doubts count in no category."""
    classifier = as_classifier(rules)
    unique = {r.consultation_id: r for r in records}
    # by id as text: the same order as by its integer (fixed-width lowercase hex), cheaper
    ordered = tuple(unique[k] for k in sorted(unique, key=lambda u: u.int))
    tallies: dict[IssueCategory, CategoryTally] = {}
    opinions: dict[tuple[UUID, int], Opinion] = {}
    corrections = overrides or {}
    free = [
        ((record.consultation_id, index), issue.description)
        for record in ordered
        for index, issue in enumerate(record.raised_issues)
        if (record.consultation_id, index) not in corrections and categorise(issue) is None
    ]
    said = _opinions(classifier, free)
    for record in ordered:
        for index, issue in enumerate(record.raised_issues):
            key = (record.consultation_id, index)
            hits: tuple[tuple[IssueCategory, Assignment | None], ...]
            if key in corrections:
                chosen = corrections[key]
                if chosen is None:
                    continue  # excluded from the plan by the working group
                hits = ((chosen, None),)
            elif (chosen := categorise(issue)) is not None:
                hits = ((chosen, None),)
            else:
                opinions[key] = opinion = said[key]
                hits = tuple((a.category, a) for a in opinion.assigned)
            for category, made in hits:
                tally = tallies.setdefault(category, CategoryTally(category))
                _add(tally, record, issue, explicit=made is None)
                if made is not None:
                    tally.matched_terms.update(made.terms)
                    tally.matched_words.update(made.words)
                    tally.model_count += made.by == "model"
    return Evidence(ordered, tallies, opinions)


def _opinions(
    classifier: Classifier, free: list[tuple[tuple[UUID, int], str]]
) -> dict[tuple[UUID, int], Opinion]:
    """The classifier's opinion of each free-text issue; a `Remembering` one judges only
    what its memo lacks and then keeps exactly these issues (those of consultations that
    left, or that a correction now places, drop out)."""
    memo = classifier.memo if isinstance(classifier, Remembering) else None
    if memo is None:
        return dict(
            zip((k for k, _ in free), classifier.opinions([t for _, t in free]), strict=True)
        )
    made_by = _made_by(classifier)
    known = memo.said if memo.made_by == made_by else {}
    said: dict[tuple[UUID, int], Opinion] = {}
    unseen: list[tuple[tuple[UUID, int], str]] = []
    for key, text in free:
        seen = known.get(key)
        if seen is not None and seen[0] == text:
            said[key] = seen[1]
        else:
            unseen.append((key, text))
    fresh = classifier.opinions([t for _, t in unseen])
    said.update(zip((k for k, _ in unseen), fresh, strict=True))
    memo.made_by, memo.pinned = made_by, (classifier.rules, classifier.model)
    memo.said = {key: (text, said[key]) for key, text in free}
    return said


def _add(
    tally: CategoryTally, record: ConsultationRecorded, issue: RaisedIssue, *, explicit: bool
) -> None:
    tally.consultation_ids.add(record.consultation_id)
    tally.stakeholder_groups.add(record.stakeholder_group)
    if record.school is not None:
        tally.school_levels.add(record.school.level)
        if record.school.name:
            tally.schools.add(record.school.name)
    tally.affected_students += issue.affected_students or 0
    tally.severity_counts[issue.severity] = tally.severity_counts.get(issue.severity, 0) + 1
    tally.affected_groups.update(issue.affected_groups)
    tally.dates.add(record.consultation_date)
    tally.explicit_count += explicit
    tally.issue_count += 1
    tally.observations.append(
        Observation(
            record.consultation_id,
            record.school.level if record.school else None,
            issue.severity,
            frozenset(issue.affected_groups),
            record.school.name if record.school and record.school.name else None,
            " " + " ".join(tokens(issue.description)) + " ",
            issue.affected_students or 0,
        )
    )
