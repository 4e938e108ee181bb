"""The intervention catalogue, parsed from its TOML text into plain values."""

import tomllib
from dataclasses import dataclass
from typing import Any

from schemas.plans import Bilingual
from schemas.vocabulary import AffectedGroup, IssueCategory, SchoolLevel, Severity

SEVERITY_ORDER = (Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


@dataclass(frozen=True, slots=True)
class Condition:
    """When a tailored action applies; every field set must hold."""

    affected_group: AffectedGroup | None = None
    school_level: SchoolLevel | None = None
    min_severity: Severity | None = None

    def describe(self) -> str:
        parts = []
        if self.affected_group:
            parts.append(f"affected group '{self.affected_group.value}' reported")
        if self.school_level:
            parts.append(f"raised at {self.school_level.value.replace('_', ' ')} level")
        if self.min_severity:
            parts.append(f"severity {self.min_severity.value} or above reported")
        return "; ".join(parts)


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
    target: str
    when: Condition | None


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


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    max_priorities: int
    goals: tuple[Bilingual, ...]
    bodies: dict[str, Bilingual]
    monitoring: tuple[Monitoring, ...]
    risks: tuple[Bilingual, ...]
    playbooks: dict[IssueCategory, CategoryPlaybook]

    @classmethod
    def from_toml(cls, text: str) -> "Catalogue":
        data = tomllib.loads(text)
        bodies = {code: Bilingual(**labels) for code, labels in data["bodies"].items()}
        playbooks = {
            IssueCategory(code): _playbook(code, entry, bodies)
            for code, entry in data["categories"].items()
        }
        return cls(
            version=str(data["version"]),
            max_priorities=int(data["max_priorities"]),
            goals=tuple(Bilingual(**g) for g in data["goals"]),
            bodies=bodies,
            monitoring=tuple(
                Monitoring(
                    Bilingual(en=m["en"], sq=m["sq"]), m["owner"], m["frequency"], m["source"]
                )
                for m in data["monitoring"]
            ),
            risks=tuple(Bilingual(**r) for r in data["risks"]),
            playbooks=playbooks,
        )


def _playbook(code: str, entry: dict[str, Any], bodies: dict[str, Bilingual]) -> CategoryPlaybook:
    actions = []
    for a in entry["actions"]:
        unknown = {a["responsible"], *a["partners"]} - set(bodies)
        if unknown:
            raise ValueError(f"{code}/{a['id']}: unknown bodies {sorted(unknown)}")
        when = a.get("when")
        actions.append(
            ActionTemplate(
                action_id=a["id"],
                label=Bilingual(en=a["en"], sq=a["sq"]),
                responsible=a["responsible"],
                partners=tuple(a["partners"]),
                start=a["start"],
                end=a["end"],
                cost=a["cost"],
                funding=a["funding"],
                indicator=Bilingual(en=a["indicator_en"], sq=a["indicator_sq"]),
                baseline=a["baseline"],
                target=a["target"],
                when=Condition(
                    affected_group=AffectedGroup(when["affected_group"])
                    if "affected_group" in when
                    else None,
                    school_level=SchoolLevel(when["school_level"])
                    if "school_level" in when
                    else None,
                    min_severity=Severity(when["min_severity"]) if "min_severity" in when else None,
                )
                if when
                else None,
            )
        )
    return CategoryPlaybook(
        objective=Bilingual(en=entry["objective_en"], sq=entry["objective_sq"]),
        actions=tuple(actions),
    )
