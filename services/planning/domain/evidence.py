"""Evidence: what the consultations of one municipality and year say per category.

Pure and order-independent: the same set of consultations, in any order and
with any duplicates, gives the same evidence. A classifier that carries an
`OpinionMemo` (`Remembering`) gives it too, classifying only the issues it has
not seen with that text and counting only the consultations its tallies lack
(`Tallied`; services/planning/memos.py keeps one memo per plan).
"""

from bisect import bisect_left, insort
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
    tallied: "Tallied | None" = None  # the plan's tallies as its last draft left them

    def __len__(self) -> int:
        return len(self.said)

    @property
    def size(self) -> int:
        """What it holds: opinions, and the records its tallies counted."""
        return len(self.said) + (self.tallied.size if self.tallied else 0)


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
Position = tuple[int, int, int]  # (consultation id as an integer, issue index, hit index)


def _id_int(record: ConsultationRecorded) -> int:
    return record.consultation_id.int


def _observed_int(o: Observation) -> int:
    return o.consultation_id.int


@dataclass(slots=True)
class Tallied:
    """One plan's tallies as its last draft left them, so the next draft adds only the
    consultations it has not counted. They are exactly what counting all of them in id
    order gives: each observation and opinion is inserted where that order puts it, and
    the dicts whose order shows (categories, severities) are kept in the order of first
    appearance. Anything that could change a counted record's contribution (another
    classifier, other corrections, a record replaced or gone) starts the count afresh.
    The tallies handed out are these objects: read them, never change them."""

    made_by: tuple[object, ...]
    corrections: dict[tuple[UUID, int], IssueCategory | None]
    records: dict[UUID, ConsultationRecorded] = field(default_factory=dict)
    ids: list[int] = field(default_factory=list)  # sorted, parallel to `ordered`
    ordered: list[ConsultationRecorded] = field(default_factory=list)
    tallies: dict[IssueCategory, CategoryTally] = field(default_factory=dict)
    first: dict[IssueCategory, Position] = field(default_factory=dict)
    first_severity: dict[tuple[IssueCategory, Severity], Position] = field(default_factory=dict)
    opinions: dict[tuple[UUID, int], Opinion] = field(default_factory=dict)
    opinion_order: list[tuple[int, int]] = field(default_factory=list)  # sorted
    opinions_in_order: bool = True

    def holds_for(
        self,
        records: Mapping[UUID, ConsultationRecorded],
        made_by: tuple[object, ...],
        corrections: Mapping[tuple[UUID, int], IssueCategory | None],
    ) -> bool:
        """Whether every counted record is still there, unchanged, under the same
        classifier and corrections (then only new records need counting)."""
        if self.made_by != made_by or self.corrections != corrections:
            return False
        if len(records) < len(self.records):
            return False
        for cid, counted in self.records.items():
            now = records.get(cid)
            if now is not counted and now != counted:
                return False
        return True

    def add(
        self,
        new: Iterable[ConsultationRecorded],
        said: Mapping[tuple[UUID, int], Opinion],
    ) -> None:
        """Count `new` (records not counted yet, sorted by id); `said` holds the
        classifier's opinion of each of their free-text issues."""
        touched: set[IssueCategory] = set()
        for record in new:
            cid, at = record.consultation_id, record.consultation_id.int
            spot = bisect_left(self.ids, at)
            self.ids.insert(spot, at)
            self.ordered.insert(spot, record)
            self.records[cid] = record
            seen: dict[IssueCategory, list[Observation]] = {}
            for index, issue in enumerate(record.raised_issues):
                key = (cid, index)
                hits: tuple[tuple[IssueCategory, Assignment | None], ...]
                if key in self.corrections:
                    chosen = self.corrections[key]
                    if chosen is None:
                        continue  # excluded from the plan by the working group
                    hits = ((chosen, None),)
                elif (chosen := categorise(issue)) is not None:
                    hits = ((chosen, None),)
                else:
                    self.opinions[key] = opinion = said[key]
                    self._order_opinion(at, index)
                    hits = tuple((a.category, a) for a in opinion.assigned)
                for hit, (category, made) in enumerate(hits):
                    where = (at, index, hit)
                    tally = self.tallies.get(category)
                    if tally is None:
                        tally = self.tallies[category] = CategoryTally(category)
                    if category not in self.first or where < self.first[category]:
                        self.first[category] = where
                    by_severity = (category, issue.severity)
                    if (
                        by_severity not in self.first_severity
                        or where < self.first_severity[by_severity]
                    ):
                        self.first_severity[by_severity] = where
                    seen.setdefault(category, []).append(
                        _add(tally, record, issue, explicit=made is None)
                    )
                    if made is not None:
                        tally.matched_terms.update(made.terms)
                        tally.matched_words.update(made.words)
                        tally.model_count += made.by == "model"
                    touched.add(category)
            for category, observed in seen.items():
                observations = self.tallies[category].observations
                spot = bisect_left(observations, at, key=_observed_int)
                observations[spot:spot] = observed
        if touched:
            self.tallies = dict(sorted(self.tallies.items(), key=lambda kv: self.first[kv[0]]))
        for category in touched:
            t = self.tallies[category]
            order = sorted(t.severity_counts, key=lambda s: self.first_severity[(category, s)])
            t.severity_counts = {s: t.severity_counts[s] for s in order}

    def _order_opinion(self, at: int, index: int) -> None:
        place = (at, index)
        if self.opinion_order and place < self.opinion_order[-1]:
            insort(self.opinion_order, place)
            self.opinions_in_order = False
        else:
            self.opinion_order.append(place)

    def evidence(self) -> Evidence:
        if not self.opinions_in_order:  # inserted before others: the dict follows the order
            by_place = {(k[0].int, k[1]): k for k in self.opinions}
            self.opinions = {by_place[p]: self.opinions[by_place[p]] for p in self.opinion_order}
            self.opinions_in_order = True
        return Evidence(tuple(self.ordered), dict(self.tallies), dict(self.opinions))

    @property
    def size(self) -> int:
        """Records counted (what a memo of this plan holds besides its opinions)."""
        return len(self.records)


def gather(
    records: Iterable[ConsultationRecorded],
    rules: RuleSet | Classifier,
    overrides: Overrides | None = None,
) -> Evidence:
    """Tally the issues per category; `overrides` (the working group's corrections of the
    evidence) win over the consultant's and the classifier's category. Issues the
    classifier cannot place or doubts count in no category.

    A `Remembering` classifier's memo keeps the tallies (`Tallied`): the next call with
    the same records plus new ones counts only the new ones."""
    classifier = as_classifier(rules)
    unique = {r.consultation_id: r for r in records}
    corrections = dict(overrides or {})
    made_by = _made_by(classifier)
    memo = classifier.memo if isinstance(classifier, Remembering) else None
    kept = memo.tallied if memo is not None else None
    if memo is not None:
        memo.tallied = None  # put back once whole: a count that fails half-way is dropped
    if kept is not None and kept.holds_for(unique, made_by, corrections):
        new = sorted((r for k, r in unique.items() if k not in kept.records), key=_id_int)
        said = _more_opinions(classifier, _free(new, corrections))
        state = kept
    else:
        new = sorted(unique.values(), key=_id_int)
        said = _opinions(classifier, _free(new, corrections))
        state = Tallied(made_by, corrections)
    state.add(new, said)
    if memo is not None:
        memo.tallied = state
    return state.evidence()


def _free(
    ordered: Iterable[ConsultationRecorded], corrections: Overrides
) -> list[tuple[tuple[UUID, int], str]]:
    """The free-text issues the classifier judges: no explicit category, no correction."""
    return [
        ((record.consultation_id, index), issue.description)
        for record in ordered
        for index, issue in enumerate(record.raised_issues)
        if (record.consultation_id, index) not in corrections and categorise(issue) is None
    ]


def _more_opinions(
    classifier: Classifier, free: list[tuple[tuple[UUID, int], str]]
) -> dict[tuple[UUID, int], Opinion]:
    """Opinions of issues added to a plan the memo holds (same classifier): reused where
    the memo judged that text already, added to the memo otherwise."""
    assert isinstance(classifier, Remembering)
    memo = classifier.memo
    said: dict[tuple[UUID, int], Opinion] = {}
    unseen: list[tuple[tuple[UUID, int], str]] = []
    for key, text in free:
        seen = memo.said.get(key)
        if seen is not None and seen[0] == text:
            said[key] = seen[1]
        else:
            unseen.append((key, text))
    said.update(
        zip((k for k, _ in unseen), classifier.opinions([t for _, t in unseen]), strict=True)
    )
    memo.said.update({key: (text, said[key]) for key, text in free})
    return said


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
) -> Observation:
    """Count one issue in `tally`; its observation is for the caller to place."""
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
    return Observation(
        record.consultation_id,
        record.school.level if record.school else None,
        issue.severity,
        frozenset(issue.affected_groups),
        record.school.name if record.school and record.school.name else None,
        " " + " ".join(tokens(issue.description)) + " ",
        issue.affected_students or 0,
    )
