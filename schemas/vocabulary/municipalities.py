"""The 38 municipalities of Kosovo with stable codes, Albanian and Serbian names.

Codes are ASCII slugs of the Albanian name; they are the Kafka key of
`consultations.v1` and must never change once published.
"""

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name_sq: str
    name_sr: str
    district: str
    # The language most of its residents speak, in which its plans are printed by
    # default: Albanian, Serbian (the Serbian-majority municipalities) or Turkish (Mamushë).
    majority_language: str = "sq"


MUNICIPALITIES: tuple[Municipality, ...] = (
    # Prishtinë district
    Municipality("prishtine", "Prishtinë", "Priština", "Prishtinë"),
    Municipality("drenas", "Drenas", "Glogovac", "Prishtinë"),
    Municipality("fushe-kosove", "Fushë Kosovë", "Kosovo Polje", "Prishtinë"),
    Municipality("gracanice", "Graçanicë", "Gračanica", "Prishtinë", "sr"),
    Municipality("lipjan", "Lipjan", "Lipljan", "Prishtinë"),
    Municipality("novoberde", "Novobërdë", "Novo Brdo", "Prishtinë", "sr"),
    Municipality("obiliq", "Obiliq", "Obilić", "Prishtinë"),
    Municipality("podujeve", "Podujevë", "Podujevo", "Prishtinë"),
    # Mitrovicë district
    Municipality("mitrovice-jugut", "Mitrovicë e Jugut", "Južna Mitrovica", "Mitrovicë"),
    Municipality("mitrovice-veriut", "Mitrovicë e Veriut", "Severna Mitrovica", "Mitrovicë", "sr"),
    Municipality("leposaviq", "Leposaviq", "Leposavić", "Mitrovicë", "sr"),
    Municipality("skenderaj", "Skënderaj", "Srbica", "Mitrovicë"),
    Municipality("vushtrri", "Vushtrri", "Vučitrn", "Mitrovicë"),
    Municipality("zubin-potok", "Zubin Potok", "Zubin Potok", "Mitrovicë", "sr"),
    Municipality("zvecan", "Zveçan", "Zvečan", "Mitrovicë", "sr"),
    # Pejë district
    Municipality("peje", "Pejë", "Peć", "Pejë"),
    Municipality("istog", "Istog", "Istok", "Pejë"),
    Municipality("kline", "Klinë", "Klina", "Pejë"),
    # Gjakovë district
    Municipality("gjakove", "Gjakovë", "Đakovica", "Gjakovë"),
    Municipality("decan", "Deçan", "Dečani", "Gjakovë"),
    Municipality("junik", "Junik", "Junik", "Gjakovë"),
    Municipality("rahovec", "Rahovec", "Orahovac", "Gjakovë"),
    # Prizren district
    Municipality("prizren", "Prizren", "Prizren", "Prizren"),
    Municipality("dragash", "Dragash", "Dragaš", "Prizren"),
    Municipality("malisheve", "Malishevë", "Mališevo", "Prizren"),
    Municipality("mamushe", "Mamushë", "Mamuša", "Prizren", "tr"),
    Municipality("suhareke", "Suharekë", "Suva Reka", "Prizren"),
    # Ferizaj district
    Municipality("ferizaj", "Ferizaj", "Uroševac", "Ferizaj"),
    Municipality("hani-i-elezit", "Hani i Elezit", "Đeneral Janković", "Ferizaj"),
    Municipality("kacanik", "Kaçanik", "Kačanik", "Ferizaj"),
    Municipality("shtime", "Shtime", "Štimlje", "Ferizaj"),
    Municipality("shterpce", "Shtërpcë", "Štrpce", "Ferizaj", "sr"),
    # Gjilan district
    Municipality("gjilan", "Gjilan", "Gnjilane", "Gjilan"),
    Municipality("kamenice", "Kamenicë", "Kosovska Kamenica", "Gjilan"),
    Municipality("kllokot", "Kllokot", "Klokot", "Gjilan", "sr"),
    Municipality("partesh", "Partesh", "Parteš", "Gjilan", "sr"),
    Municipality("ranillug", "Ranillug", "Ranilug", "Gjilan", "sr"),
    Municipality("viti", "Viti", "Vitina", "Gjilan"),
)

MUNICIPALITY_BY_CODE: dict[str, Municipality] = {m.code: m for m in MUNICIPALITIES}

MunicipalityCode = StrEnum(  # type: ignore[misc]
    "MunicipalityCode",
    [(m.code.replace("-", "_").upper(), m.code) for m in MUNICIPALITIES],
)
MunicipalityCode.__doc__ = "Stable code of one of Kosovo's 38 municipalities."
