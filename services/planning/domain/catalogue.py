"""The intervention catalogue, parsed from its TOML text into plain values."""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from schemas.plans import Bilingual
from schemas.vocabulary import (
    AffectedGroup,
    IssueCategory,
    SchoolLevel,
    Severity,
)
from services.planning.domain.baselines import Measures
from services.planning.domain.budget_cycle import BudgetCycle
from services.planning.domain.communities import Mentions, group_label
from services.planning.domain.costing import Costing
from services.planning.domain.profiles import Profile, SchoolMarkers, profiles_from
from services.planning.domain.wording import LANGS, Wording

SEVERITY_ORDER = (Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


def _text(entry: dict[str, Any], prefix: str = "") -> Bilingual:
    """`<prefix><lang>` of every language present in `entry`."""
    return Bilingual(**{lang: entry[prefix + lang] for lang in LANGS if prefix + lang in entry})


@dataclass(frozen=True, slots=True)
class Terms:
    """Short shared texts (baselines, funding sources, frequencies) by their English wording."""

    by_english: dict[str, Bilingual]

    def __call__(self, english: str) -> Bilingual:
        """The term in every language; a comma-separated list is translated part by part."""
        lowered = {k.lower(): v for k, v in self.by_english.items()}
        if english.strip().lower() in lowered:
            return lowered[english.strip().lower()]
        parts = [p.strip() for p in english.split(",")]
        found = [lowered.get(p.lower()) for p in parts]
        if any(f is None for f in found):
            raise KeyError(f"catalogue term without translations: {english!r}")
        texts = [f for f in found if f is not None]
        return Wording.each(lambda lang: _capital(", ".join(_lower(t, lang) for t in texts)))


def _lower(t: Bilingual, lang: str) -> str:
    value = str(getattr(t, lang) or t.en)
    # Only the first part of a list keeps its capital (acronyms stay as they are).
    return value if value[:2].isupper() else value[:1].lower() + value[1:]


def _capital(value: str) -> str:
    return value[:1].upper() + value[1:]


@dataclass(frozen=True, slots=True)
class Topic:
    """What an issue's description may speak of (seasonal work, meals, the move to grade
    6): the folded stems that tell it, and the note saying so in a plan."""

    key: str
    stems: tuple[str, ...]
    note: Bilingual


@dataclass(frozen=True, slots=True)
class Condition:
    """When a tailored action applies; every field set must hold."""

    affected_group: AffectedGroup | None = None
    school_level: SchoolLevel | None = None
    min_severity: Severity | None = None
    # Not at this level: grades 8-9 guidance is no answer to an upper secondary school.
    not_school_level: SchoolLevel | None = None
    mentions: Topic | None = None  # the issue's description speaks of it

    def describe(
        self,
        wording: Wording,
        serbian: bool = False,
        labels: Mapping[AffectedGroup, Bilingual] | None = None,
    ) -> Bilingual | None:
        """Why the action is in the plan, e.g. "reported for girls; raised at ... level"
        (None when the condition only rules evidence out); `serbian` tells the level in
        the Serbian curriculum's grades (primary 1-8, secondary 1-4), not Kosovo's;
        `labels` are the plan's own names of groups ("Roma pupils")."""

        def note(lang: str) -> str:
            parts = []
            if self.affected_group:
                group = group_label(self.affected_group, lang, labels or {})
                parts.append(wording.phrase(lang, "when_group").format(group=group))
            if self.school_level:
                key = "when_level_serbian" if serbian else "when_level"
                parts.append(wording.phrase(lang, key, self.school_level.value))
            if self.min_severity:
                # A sentence a MED writes: why the evidence calls for the action.
                parts.append(wording.phrase(lang, "when_severity", self.min_severity.value))
            if self.mentions:
                parts.append(str(getattr(self.mentions.note, lang) or self.mentions.note.en))
            return "; ".join(parts)

        said = Wording.each(note)
        return said if said.en else None


@dataclass(frozen=True, slots=True)
class ActionTemplate:
    action_id: str
    label: Bilingual
    responsible: str
    partners: tuple[str, ...]
    start: str
    end: str
    cost: str
    funding: str
    indicator: Bilingual
    baseline: str
    target: Bilingual
    when: Condition | None
    # Relies on EWS/EMIS entries, MED absence reviews or MESTI: not for the schools under
    # the Serbian curriculum, which get `outside_emis` instead (when there is one).
    emis_route: bool = False
    outside_emis: "ActionTemplate | None" = None
    # Other categories it is placed under (once, by the highest-ranked) when its own is
    # not a priority: the second goal's non-enrolment check belongs in most plans.
    also: tuple[IssueCategory, ...] = ()
    # Tied to the start of the school year (its indicator says "before October"): once
    # its window has passed it is prepared for the next September, not moved to winter.
    anchored: bool = False
    # Its target names the schools of its evidence (`{schools}` in the target's text).
    names_schools: bool = False
    # Actions of one family are alternatives: a plan holds the first placed (CL-5's street
    # outreach for working children, or SS-1's for children in street situations).
    family: str | None = None
    # It covers every child of the municipality (the non-enrolment check): where there are
    # Serbian-curriculum schools, its `outside_emis` alternative is placed even if none of
    # them was consulted, so their pupils are not chased as "not enrolled" in EMIS.
    municipal: bool = False
    # Timed to the municipal budget cycle (the budget line, BC-1): its months run from the
    # circular of the first budget still open to the proposal, not its quarters; its
    # target names that budget's year (`{budget_year}`) and the proposal (`{deadline}`).
    budget_cycle: bool = False


@dataclass(frozen=True, slots=True)
class GroupAction:
    """The action an affected group gets when the plan has none that answers it."""

    group: AffectedGroup
    template: ActionTemplate
    covered_by: tuple[IssueCategory, ...] = ()


@dataclass(frozen=True, slots=True)
class RiskTemplate:
    text: Bilingual
    mitigation: Bilingual
    when: dict[str, Any]
    owner: str  # the body that carries out the mitigation
    # The mitigation when the plan's actions start in a school year already running
    # (`{month}`: the first month they run), else None: `mitigation` stands.
    mid_year: Bilingual | None = None


@dataclass(frozen=True, slots=True)
class CategoryPlaybook:
    objective: Bilingual
    actions: tuple[ActionTemplate, ...]


@dataclass(frozen=True, slots=True)
class Monitoring:
    text: Bilingual
    owner: str
    frequency: str
    source: str
    outside_emis_only: bool = False
    leads: str | None = None  # in a plan only when one of its actions has this lead
    actions: tuple[str, ...] = ()  # ... or one of these (the body implements them)
    # The row as said where the municipality has Serbian-curriculum schools (the school
    # teams' row: those schools have no such team), else None.
    scoped: Bilingual | None = None


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    max_priorities: int
    goals: tuple[Bilingual, ...]
    bodies: dict[str, Bilingual]
    monitoring: tuple[Monitoring, ...]
    risks: tuple[RiskTemplate, ...]
    playbooks: dict[IssueCategory, CategoryPlaybook]
    terms: Terms
    wording: Wording
    costing: Costing
    measures: Measures
    budget: BudgetCycle
    groups: dict[AffectedGroup, GroupAction]
    # Actions of no category, placed under the first priority whose evidence holds their
    # condition (the move from grade 5 to grade 6); of those on one topic, the first.
    anywhere: tuple[ActionTemplate, ...]
    communities: dict[str, Bilingual]
    profiles: dict[str, Profile]
    school_markers: SchoolMarkers
    # How an action of a Serbian-curriculum school that costs money is funded: not from
    # the municipal or MESTI lines the plan commits (the school is not financed through
    # them), but as the MOCR and donors agree; `unfunded` sources need no money.
    outside_emis_funding: str
    unfunded: frozenset[str]
    rae_mentions: Mentions  # the stems that tell which RAE communities a text names

    def outside_funding(self, funding: str) -> str:
        """The funding of a Serbian-curriculum school's variant of an action funded so."""
        return funding if funding in self.unfunded else self.outside_emis_funding

    def profile(self, municipality: str) -> Profile:
        return self.profiles.get(municipality, Profile())

    def budget_line(self) -> ActionTemplate | None:
        """The action that requests the plan's line in the municipal budget (BC-1)."""
        templates = [a for p in self.playbooks.values() for a in p.actions]
        return next((a for a in templates if a.budget_cycle), None)

    def placed_also(self, category: IssueCategory) -> tuple[ActionTemplate, ...]:
        """Actions of other playbooks that may be placed under `category`."""
        return tuple(a for p in self.playbooks.values() for a in p.actions if category in a.also)

    @classmethod
    def from_toml(cls, text: str) -> "Catalogue":
        data = tomllib.loads(text)
        bodies = {code: _text(labels) for code, labels in data["bodies"].items()}
        terms = Terms({en: Bilingual(en=en, **langs) for en, langs in data["terms"].items()})
        topics = {key: Topic(key, tuple(t["stems"]), _text(t)) for key, t in data["topics"].items()}
        playbooks = {
            IssueCategory(code): _playbook(code, entry, bodies, topics)
            for code, entry in data["categories"].items()
        }
        monitoring = tuple(
            Monitoring(
                _text(m),
                m["owner"],
                m["frequency"],
                m["source"],
                outside_emis_only=bool(m.get("when", {}).get("outside_emis")),
                leads=m.get("when", {}).get("leads"),
                actions=tuple(m.get("when", {}).get("actions", ())),
                scoped=_text(m, "scoped_") if "scoped_en" in m else None,
            )
            for m in data["monitoring"]
        )
        catalogue = cls(
            version=str(data["version"]),
            max_priorities=int(data["max_priorities"]),
            goals=tuple(_text(g) for g in data["goals"]),
            bodies=bodies,
            monitoring=monitoring,
            risks=tuple(
                RiskTemplate(
                    _text(r),
                    _text(r, "mitigation_"),
                    dict(r["when"]),
                    _body(r["owner"], bodies),
                    _text(r, "mitigation_mid_year_") if "mitigation_mid_year_en" in r else None,
                )
                for r in data["risks"]
            ),
            playbooks=playbooks,
            terms=terms,
            wording=Wording.from_data(data["sentences"]),
            costing=Costing.from_data(data["costing"]),
            measures=Measures.from_data(data["measures"]),
            budget=BudgetCycle.from_data(data["budget"]),
            groups={
                AffectedGroup(code): GroupAction(
                    AffectedGroup(code),
                    _template(f"groups.{code}", entry, bodies, topics),
                    tuple(IssueCategory(c) for c in entry.get("covered_by", ())),
                )
                for code, entry in data.get("groups", {}).items()
            },
            anywhere=tuple(
                _template("anywhere", a, bodies, topics) for a in data.get("anywhere", ())
            ),
            communities={code: _text(c) for code, c in data.get("communities", {}).items()},
            profiles=profiles_from(data.get("municipalities", {})),
            school_markers=SchoolMarkers.from_data(data["school_systems"]),
            outside_emis_funding=data["school_systems"]["outside_emis_funding"],
            unfunded=frozenset(data["school_systems"]["unfunded"]),
            rae_mentions=Mentions.from_data(data["rae_mentions"]),
        )
        catalogue.check_terms()
        catalogue.check_outside_funding()
        return catalogue

    def check_outside_funding(self) -> None:
        """No written alternative for the Serbian-curriculum schools charges a budget line
        the plan commits (the school's own, the municipality's, MESTI's)."""
        templates = [a for p in self.playbooks.values() for a in p.actions] + list(self.anywhere)
        wrong = sorted(
            t.outside_emis.action_id
            for t in templates
            if t.outside_emis
            and t.outside_emis.funding != self.outside_funding(t.outside_emis.funding)
        )
        if wrong:
            raise ValueError(f"{wrong}: funded as {self.outside_emis_funding!r} or unfunded")
        self.terms(self.outside_emis_funding)

    def check_terms(self) -> None:
        """Every baseline, funding source, frequency and source has its translations."""
        for playbook in self.playbooks.values():
            for a in playbook.actions:
                self.terms(a.baseline), self.terms(a.funding)
            for alt in (a.outside_emis for a in playbook.actions if a.outside_emis):
                self.terms(alt.baseline), self.terms(alt.funding)
        for g in self.groups.values():
            self.terms(g.template.baseline), self.terms(g.template.funding)
        for m in self.monitoring:
            self.terms(m.frequency), self.terms(m.source)
        for source in ("EMIS", "MED records"):  # the sources of municipal statistics
            self.terms(source)
        templates = [a for p in self.playbooks.values() for a in p.actions]
        templates += [a.outside_emis for a in templates if a.outside_emis]
        templates += [g.template for g in self.groups.values()]
        templates += list(self.anywhere)
        templates += [a.outside_emis for a in self.anywhere if a.outside_emis]
        for t in self.anywhere:
            for each in (t, t.outside_emis) if t.outside_emis else (t,):
                self.terms(each.baseline), self.terms(each.funding)
        unknown = set(self.costing.actions) - {a.action_id for a in templates}
        if unknown:
            raise ValueError(f"costing for unknown actions {sorted(unknown)}")
        for profile in self.profiles.values():
            unknown = set(profile.communities) - set(self.communities)
            if unknown:
                raise ValueError(f"unknown communities {sorted(unknown)}")


def _condition(when: dict[str, Any] | None, topics: dict[str, Topic]) -> Condition | None:
    if not when:
        return None
    unknown = set(when) - {
        "affected_group",
        "school_level",
        "min_severity",
        "not_school_level",
        "mentions",
    }
    if unknown:
        raise ValueError(f"action condition not understood: {sorted(unknown)}")

    def level(key: str) -> SchoolLevel | None:
        return SchoolLevel(when[key]) if key in when else None

    return Condition(
        affected_group=AffectedGroup(when["affected_group"]) if "affected_group" in when else None,
        school_level=level("school_level"),
        min_severity=Severity(when["min_severity"]) if "min_severity" in when else None,
        not_school_level=level("not_school_level"),
        mentions=topics[when["mentions"]] if "mentions" in when else None,
    )


def _template(
    where: str,
    a: dict[str, Any],
    bodies: dict[str, Bilingual],
    topics: dict[str, Topic],
    base: dict[str, Any] | None = None,
) -> ActionTemplate:
    """An action from its TOML entry; an `outside_emis` alternative takes its timeline,
    cost and funding from the action it replaces (`base`) unless it names its own."""
    entry = {**(base or {}), **a}
    unknown = {entry["responsible"], *entry["partners"]} - set(bodies)
    if unknown:
        raise ValueError(f"{where}/{entry['id']}: unknown bodies {sorted(unknown)}")
    alt = a.get("outside_emis")
    return ActionTemplate(
        action_id=entry["id"],
        label=_text(a),
        responsible=entry["responsible"],
        partners=tuple(entry["partners"]),
        start=entry["start"],
        end=entry["end"],
        cost=entry["cost"],
        funding=entry["funding"],
        indicator=_text(a, "indicator_"),
        baseline=entry["baseline"],
        target=_text(a, "target_"),
        when=_condition(entry.get("when"), topics),
        emis_route=bool(a.get("emis_route")),
        outside_emis=_template(where, alt, bodies, topics, _inherited(a)) if alt else None,
        also=tuple(IssueCategory(c) for c in a.get("also", ())),
        anchored=bool(entry.get("anchored")),
        names_schools=bool(a.get("at_schools")),
        family=a.get("family"),
        municipal=bool(a.get("municipal")),
        budget_cycle=bool(a.get("budget_cycle")),
    )


def _inherited(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a[k] for k in ("start", "end", "cost", "funding", "when") if k in a}


def _playbook(
    code: str, entry: dict[str, Any], bodies: dict[str, Bilingual], topics: dict[str, Topic]
) -> CategoryPlaybook:
    return CategoryPlaybook(
        objective=_text(entry, "objective_"),
        actions=tuple(_template(code, a, bodies, topics) for a in entry["actions"]),
    )


def _body(code: str, bodies: dict[str, Bilingual]) -> str:
    """A body code the catalogue names, or a loading error that says which."""
    if code not in bodies:
        raise ValueError(f"risks: unknown owner {code!r}")
    return code
