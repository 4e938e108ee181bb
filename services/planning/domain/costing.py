"""The catalogue's costing model: unit costs with their source, and each action's estimate.

An action's estimate is its unit cost times a quantity read from the evidence:
the affected pupils reported, or the schools named in the consultations (at
least one), or a fixed quantity for the municipality; `count` multiplies it,
`per` groups it (one mediator for every 3 schools). Where the target counts
another quantity, the cost follows the target so the MED can defend both
numbers: `rae_enrolled` costs the target's `share` of the RAE pupils enrolled
in grades 1-9 (the statistics'), `rae_schools` one per school the consultations
name with RAE pupils. A `shared` post is charged as the share its schools use
(a quarter of a psychologist for one school of four), not as a whole post.
Every unit cost says where it comes from; most are the team's assumptions and
the plan says so.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil, floor
from typing import Any, Literal

from schemas.plans import Bilingual, UnitCost
from services.planning.domain.wording import LANGS, Wording

Driver = Literal["pupils", "schools", "fixed", "months", "rae_enrolled", "rae_schools"]


def _text(entry: dict[str, Any], prefix: str = "") -> Bilingual:
    return Bilingual(**{lang: entry[prefix + lang] for lang in LANGS if prefix + lang in entry})


@dataclass(frozen=True, slots=True)
class ActionCosting:
    unit: str
    driver: Driver
    count: int = 1
    per: int = 1
    share: float = 1.0  # of the RAE pupils enrolled the target counts (`rae_enrolled`)
    shared: bool = False  # a post shared by `per` schools, charged as their share
    # With no school named by its consultations, the one school of its school system the
    # plan's consultations name (the caller finds it: `estimate(stand_in=...)`).
    system_school: bool = False


@dataclass(frozen=True, slots=True)
class Estimate:
    eur: float
    basis: Bilingual
    unit: str


@dataclass(frozen=True, slots=True)
class Costing:
    units: dict[str, UnitCost]
    actions: dict[str, ActionCosting]
    wording: Wording
    # Units paid month by month over the school year (a mediator's salary, a place in a
    # learning centre): an action running fewer months is charged only its months.
    running: frozenset[str] = frozenset()
    school_year_months: int = 10

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Costing":
        wording = Wording.from_data(data["sentences"])
        pers = {code: _text(entry) for code, entry in data["per"].items()}
        units = {}
        for code, u in data["units"].items():
            official = "source_en" in u
            source = (
                _text(u, "source_")
                if official
                else Wording.each(lambda lang: wording.phrase(lang, "assumption"))
            )
            units[code] = UnitCost(
                code=code,
                label=_text(u),
                eur=float(u["eur"]),
                per=pers[u["per"]],
                source=source,
                assumption=not official,
            )
        actions = {
            action_id: ActionCosting(
                a["unit"],
                a["driver"],
                a.get("count", 1),
                a.get("per", 1),
                float(a.get("share", 1.0)),
                bool(a.get("shared", False)),
                bool(a.get("system_school", False)),
            )
            for action_id, a in data["actions"].items()
        }
        unknown = {a.unit for a in actions.values()} - set(units)
        if unknown:
            raise ValueError(f"costing: unknown units {sorted(unknown)}")
        running = frozenset(code for code, u in data["units"].items() if u.get("running"))
        return cls(units, actions, wording, running, int(data["school_year_months"]))

    def estimate(
        self,
        action_id: str,
        pupils: int,
        schools: int,
        months: int = 1,
        pupils_from: str = "pupils",
        rae_enrolled: int = 0,
        rae_schools: tuple[str, ...] = (),
        rae_names: Mapping[str, Bilingual] | None = None,
        taught: int | None = None,
        rae_schools_counted: tuple[int, Bilingual, str] | None = None,
        rae_placed: Bilingual | None = None,
        rae_evidence: Mapping[str, Bilingual] | None = None,
        stand_in: tuple[str, str] | None = None,
    ) -> Estimate | None:
        """The action's estimate from the evidence, or None when the catalogue has no unit
        cost for it or the evidence counts nothing to scale it by (never a guessed number).
        A cost per month (driver `months`) counts the months the action is scheduled;
        `rae_enrolled` (the statistics') and `rae_schools` (named with RAE pupils) size
        the actions whose targets count them, else they fall back to pupils and schools.
        `rae_names` name the communities the statistics count, `rae_evidence` those the
        evidence names (the schools named with RAE pupils are the consultations').
        `stand_in`: the school (and its system: "kosovo", "serbian", "any") a
        `system_school` action with no school of its own is costed on, counted as one."""
        # A school-led variant made for a Serbian-curriculum school ("CL-3S") costs what
        # its action costs.
        c = self.actions.get(action_id) or self.actions.get(action_id.removesuffix("S"))
        if c is None:
            return None
        unit = self.units[c.unit]
        if unit.eur == 0:
            return Estimate(0.0, self.wording.say("no_cost"), c.unit)
        driver: str = c.driver
        if driver == "rae_enrolled" and not rae_enrolled:
            driver = "pupils"
        if driver == "rae_schools" and rae_schools_counted:
            driver = "rae_schools_counted"
        elif driver == "rae_schools" and not rae_schools:
            driver = "schools"
        base = {
            "pupils": pupils,
            "schools": max(schools, 1),
            "fixed": 1,
            "months": months,
            "rae_enrolled": ceil(rae_enrolled * c.share),
            "rae_schools": len(rae_schools),
            "rae_schools_counted": rae_schools_counted[0] if rae_schools_counted else 0,
        }[driver]
        if base == 0:
            return None
        quantity: float = (base / c.per if c.shared else ceil(base / c.per)) * c.count
        # A running unit is charged for the teaching months the action runs (`taught`),
        # else for its months (a summer action), never for more than a school year.
        year = self.school_year_months
        charged = min(taught or months, year) if c.unit in self.running else year
        monthly = unit.eur / year
        # Whole euros, as every estimate: a pro-rated one is no more precise than its unit.
        total = float(floor(unit.eur * quantity * charged / year + 0.5))  # half up

        def sentence(lang: str) -> str:
            w = self.wording
            group = {k: str(getattr(v, lang) or v.en) for k, v in (rae_names or {}).items()}
            named = {
                k: str(getattr(v, lang) or v.en)
                for k, v in (rae_evidence or rae_names or {}).items()
            }
            if driver == "fixed":
                said = w.phrase(lang, "fixed")
            elif driver == "schools" and stand_in:
                name, system = stand_in
                said = w.phrase(lang, "school_of_system", system).format(name=name)
            elif driver == "schools" and schools == 0:
                said = w.phrase(lang, "schools_none")
            elif driver == "rae_enrolled":
                said = w.count(
                    lang,
                    "rae_enrolled",
                    base,
                    share=round(c.share * 100),
                    whole=rae_enrolled,
                    group=group.get("group", ""),
                )
            elif driver == "rae_schools" and rae_placed:  # placed where the pupils are
                # The action's note says where (once); the estimate points to it.
                said = w.count(lang, "rae_schools_placed", base, **named)
            elif driver == "rae_schools":
                said = w.count(lang, "rae_schools", base, names=", ".join(rae_schools), **named)
            elif driver == "rae_schools_counted" and rae_schools_counted:
                _, source, period = rae_schools_counted
                said = w.count(
                    lang,
                    driver,
                    base,
                    source=getattr(source, lang) or source.en,
                    year=period,
                    **group,
                )
            else:  # pupils counted in the consultations, or `pupils_from` the statistics
                said = w.count(
                    lang,
                    pupils_from if driver == "pupils" else driver,
                    base,
                    people=group.get("people", ""),
                )
            if c.shared:
                said += ", " + w.count(lang, "share_post", c.per)
            elif c.per > 1:
                share = "share_pupils" if driver == "pupils" else "share_schools"
                said += ", " + w.count(lang, share, c.per)
            if c.count > 1 and driver != "fixed":
                said += ", " + w.phrase(lang, "times").format(count=c.count)
            whose = w.phrase(lang, "assumed" if unit.assumption else "official")
            if charged < year:
                return w.phrase(lang, "estimate_months").format(
                    quantity=_number(w, lang, quantity),
                    months=w.count(lang, "months_short", charged),
                    monthly=money(w, lang, monthly, exact=True),
                    eur=money(w, lang, unit.eur),
                    per=getattr(unit.per, lang) or unit.per.en,
                    unit=getattr(unit.label, lang) or unit.label.en,
                    year=year,
                    total=money(w, lang, total),
                    driver=said,
                    whose=whose,
                )
            return w.phrase(lang, "estimate").format(
                quantity=_number(w, lang, quantity),
                eur=money(w, lang, unit.eur),
                per=getattr(unit.per, lang) or unit.per.en,
                unit=getattr(unit.label, lang) or unit.label.en,
                total=money(w, lang, total),
                driver=said,
                whose=whose,
            )

        return Estimate(float(total), Wording.each(sentence), c.unit)


def money(w: Wording, lang: str, eur: float, exact: bool = False) -> str:
    """An amount in EUR with the language's thousands separator ("EUR 6,250"): whole, or
    with its cents when `exact` and it has some ("€9.50" a month)."""
    whole = f"{round(eur):,}"
    if exact and round(eur, 2) != round(eur):
        whole, cents = f"{eur:,.2f}".split(".")
        digits = whole.replace(",", w.phrase(lang, "thousands")) + w.phrase(lang, "decimal") + cents
        return w.phrase(lang, "eur").format(v=digits)
    return w.phrase(lang, "eur").format(v=whole.replace(",", w.phrase(lang, "thousands")))


def _number(w: Wording, lang: str, quantity: float) -> str:
    """A quantity as the language writes it: whole, or a share ("0.25", "0,25")."""
    if quantity == int(quantity):
        return str(int(quantity))
    return f"{quantity:.2f}".rstrip("0").replace(".", w.phrase(lang, "decimal"))
