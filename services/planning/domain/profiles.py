"""What the catalogue knows of a municipality: its communities, and whether its schools
follow the Serbian curriculum (outside EMIS and the EWS), told school by school."""

import re
from dataclasses import dataclass
from typing import Any, Literal

from schemas.consultations import ConsultationRecorded
from schemas.vocabulary import Language
from services.planning.domain.normalise import fold

Curriculum = Literal["most", "some", "none"]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Profile:
    communities: tuple[str, ...] = ("albanian",)  # the majority first
    serbian_curriculum: Curriculum = "none"

    @property
    def minorities(self) -> tuple[str, ...]:
        return self.communities[1:]


@dataclass(frozen=True, slots=True)
class SchoolMarkers:
    """First words of school names that tell the curriculum (folded: OŠ -> os)."""

    kosovo: frozenset[str]
    serbian: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "SchoolMarkers":
        return cls(frozenset(data["kosovo"]), frozenset(data["serbian"]))


def profiles_from(data: dict[str, Any]) -> dict[str, Profile]:
    return {
        code: Profile(
            communities=tuple(entry.get("communities", ("albanian",))),
            serbian_curriculum=entry.get("serbian_curriculum", "none"),
        )
        for code, entry in data.items()
    }


def school_system(
    record: ConsultationRecorded, profile: Profile, markers: SchoolMarkers
) -> Literal["kosovo", "serbian", "unsure"]:
    """Which curriculum the consultation speaks for.

    Only where the municipality has Serbian-curriculum schools: a Cyrillic name or a
    Serbian first word (OŠ, Gimnazija, ...) says `serbian`, unless the consultation was
    held in Bosnian (Bosnian classes follow the Kosovo curriculum); an Albanian first word
    (SHFMU, ...) says `kosovo`. A consultation held in Serbian in a Serbian-majority
    municipality with no school named (the MED, a CSW) speaks for either: `unsure`.
    """
    if profile.serbian_curriculum == "none":
        return "kosovo"
    name = (record.school.name if record.school else None) or ""
    first = next(iter(_WORD.findall(fold(name))), "")
    if first in markers.kosovo or record.language == Language.BOSNIAN:
        return "kosovo"
    if _CYRILLIC.search(name) or first in markers.serbian:
        return "serbian"
    if profile.serbian_curriculum == "most" and record.language == Language.SERBIAN:
        return "unsure" if not name else "serbian"
    return "kosovo"
