"""What the fifth reading of the golden plans (a MED director's, who saw no code) left,
each fixed in the engine or the catalogue: who pays for the Serbian-curriculum schools'
actions, money the municipal budget cycle can really give, no month charged before the
plan is adopted, mediators where the pupils are, the communities the evidence names,
a non-enrolment check that can reach a child, and consultation headcounts said to be
floors."""

import json
from functools import cache
from pathlib import Path

import pytest

from schemas.consultations import ConsultationRecorded
from schemas.plans import Plan, PlannedAction
from schemas.statistics import MunicipalStatisticsRecorded
from services.planning.domain.wording import LANGS
from tests.factories import drafted, record

GOLDEN = Path(__file__).parents[1] / "data" / "golden"


@cache
def _golden(municipality: str) -> Plan:
    records = [
        ConsultationRecorded.model_validate(r)
        for r in json.loads((GOLDEN / "consultations.json").read_text(encoding="utf-8"))
        if r["municipality"] == municipality
    ]
    stats = [
        MunicipalStatisticsRecorded.model_validate(s)
        for s in json.loads((GOLDEN / "statistics.json").read_text(encoding="utf-8"))
        if s["municipality"] == municipality
    ]
    return drafted(municipality, *records, statistics=stats)


def _actions(plan: Plan) -> list[PlannedAction]:
    return [a for p in plan.priorities for a in p.actions]


def _action(plan: Plan, action_id: str) -> PlannedAction:
    return next(a for a in _actions(plan) if a.action_id == action_id)


def _issue(category: str, text: str, pupils: int = 3) -> dict[str, object]:
    return {
        "category": category,
        "description": text,
        "severity": "high",
        "affected_students": pupils,
    }


@cache
def _serbian_school() -> Plan:
    """A Serbian-curriculum primary school whose evidence calls for team actions with no
    written variant (CL-3 becomes the derived CL-3S) and for written ones."""
    return drafted(
        "gracanice",
        record(
            municipality="gracanice",
            language="sr",
            school={"name": "OŠ Kralj Milutin", "level": "lower_secondary"},
            stakeholder_group="teacher",
            raised_issues=[
                _issue("child_labour", "Deca rade na pijaci umesto da idu u školu."),
                _issue("gender_early_marriage", "Devojčice napuštaju školu zbog ranih brakova."),
                _issue("career_guidance", "Nemamo karijerno savetovanje pre upisa."),
                _issue("psychosocial_support", "Škola nema psihologa ni pedagoga."),
            ],
        ),
    )


TO_BE_AGREED = {
    "en": "to be agreed",
    "sq": "për t'u dakorduar",
    "sr": "uz dogovor",
    "tr": "kararlaştırılacak",
    "bs": "uz dogovor",
}


def test_serbian_curriculum_schools_actions_are_not_charged_to_their_own_budget() -> None:
    # GM-3S, GM-1S, CG-1S and CG-3S charged the school's own budget ("School budget"):
    # those schools are not financed through the lines the plan commits. Every costed
    # variant for them, written or derived (CL-3S), is funded as PS-1S: the MOCR's budget
    # and donors, to be agreed, and its funding column says so.
    plans = (_golden("gracanice"), _golden("obiliq"), _serbian_school())
    serbian = [a for plan in plans for a in _actions(plan) if a.action_id.endswith("S")]
    costed = [a for a in serbian if a.cost_eur]
    assert {"GM-1S", "GM-3S", "CG-1S", "CG-3S", "PS-1S", "BC-2S", "CL-3S"} <= {
        a.action_id for a in costed
    }
    for a in costed:
        assert a.funding_source == "MOCR budget, donors, to be agreed", a.action_id
        assert a.funding_label is not None
        for lang in LANGS:
            said = getattr(a.funding_label, lang) or ""
            assert TO_BE_AGREED[lang] in said, (a.action_id, lang, said)
            assert "School budget" not in said
    # What needs no money keeps its source (staff time, none required).
    for a in serbian:
        if not a.cost_eur:
            assert a.funding_source in ("Existing staff time", "None required"), a.action_id
    # The catalogue refuses a written variant charged to a line the plan commits.
    from services.planning.domain.catalogue import Catalogue

    text = (Path(__file__).parents[2] / "services/planning/data/catalogue.toml").read_text(
        encoding="utf-8"
    )
    broken = text.replace(
        'partners = ["csw"]\nfunding = "MOCR budget, donors, to be agreed"',
        'partners = ["csw"]\nfunding = "School budget"',
        1,
    )
    assert broken != text
    with pytest.raises(ValueError, match="funded as"):
        Catalogue.from_toml(broken)


# Who holds the names and visits the families, and that the school has counts only.
NAMES_HELD = {
    "en": ("Centre for Social Work, which holds names lawfully", "visits their families"),
    "sq": ("që i mban emrat në mënyrë të ligjshme", "viziton familjet e tyre"),
    "sr": ("koji zakonito vodi imena", "posećuje njihove porodice"),
    "tr": ("adları yasal olarak tutan", "ailelerini ziyaret eder"),
    "bs": ("koji zakonito vodi imena", "posjećuje njihove porodice"),
}
PP_SERVICE = {
    "en": "pedagogue-psychologist service",
    "sq": "shërbimin pedagogjik-psikologjik",
    "sr": "pedagoško-psihološkom službom",
    "tr": "pedagoji-psikoloji servisi",
    "bs": "pedagoško-psihološkom službom",
}
COUNTS_ONLY = {
    "en": "the school reports counts only, no child's data",
    "sq": "shkolla raporton vetëm numra, asnjë të dhënë të fëmijëve",
    "sr": "škola dostavlja samo brojeve, bez podataka o deci",
    "tr": "okul yalnızca sayıları bildirir, hiçbir çocuğun verisini almaz",
    "bs": "škola dostavlja samo brojeve, bez podataka o djeci",
}


@pytest.mark.parametrize("municipality", ["gracanice", "obiliq"])
def test_ne_1s_reaches_the_child_through_those_who_hold_the_names(municipality: str) -> None:
    # NE-1S compared births with enrolment *counts*: nobody could visit a child. The civil
    # registry and the CSW, which hold names lawfully, find the children and visit their
    # families with the school's pedagogue-psychologist service; the school has counts.
    check = _action(_golden(municipality), "NE-1S")
    assert {"csw", "school_pp_service", "school"} <= set(check.partners)
    assert "compare births with each school's enrolment count" not in check.label.en
    for lang in LANGS:
        said = getattr(check.label, lang) or ""
        holder, visits = NAMES_HELD[lang]
        assert holder in said, lang
        assert visits in said, lang
        assert PP_SERVICE[lang] in said, lang
        assert COUNTS_ONLY[lang] in said, lang


def test_no_cost_is_charged_while_the_plan_is_adopted() -> None:
    # Drafted on the evidence up to 10 Nov 2026, the plan's actions start in December,
    # when the working group still amends and adopts it: December 2026 was charged to
    # 2026. Costs are charged from January 2027, and the budget says so once.
    from decimal import Decimal

    from services.reporting.rendering.budget import budget_summary, charged_months, split_by_year
    from services.reporting.rendering.markdown import render

    plan = _golden("gracanice")
    ra2 = _action(plan, "RA-2")
    assert (ra2.start_month, ra2.end_month, ra2.charged_from) == ("2026-12", "2027-06", "2027-01")
    assert ra2.cost_eur == 6 * 480
    assert ra2.cost_basis is not None
    assert "1 × 6 months × €480 a month" in ra2.cost_basis.en
    split = split_by_year(Decimal(str(ra2.cost_eur)), *charged_months(ra2, plan.cycle))
    assert split == {2027: Decimal("2880.00")}
    for a in _actions(plan):
        if a.cost_eur:
            assert a.charged_from == "2027-01", a.action_id
    budget = budget_summary(plan)
    assert budget is not None
    assert budget.fiscal_years == (2027,)
    assert sum(v for _, v in budget.by_fiscal_year) == budget.total
    assert len(plan.budget_notes) == 1
    note = plan.budget_notes[0]
    assert note.en.startswith("Costs are charged from January 2027: the month after the latest")
    assert "December 2026" in note.en
    assert "janar 2027" in note.sq
    assert "dhjetor 2026" in note.sq
    assert "od januara 2027" in (note.sr or "")
    document = render(plan, "en")
    assert document.count("Costs are charged from January 2027") == 1
    assert "*School year 2026-2027 · fiscal year 2027*" in document
    # A plan drafted before the school year has all of it: no note, nothing held back.
    early = drafted(
        "podujeve",
        record(
            municipality="podujeve",
            consultation_date="2026-06-10",
            school={"name": "SHFMU Fan Noli", "level": "primary"},
            raised_issues=[_issue("distance_access", "Pupils walk too far.", 10)],
        ),
    )
    transport = _action(early, "DA-1")
    assert (transport.start_month, transport.charged_from) == ("2026-09", None)
    assert transport.cost_eur == 10 * 400
    assert early.budget_notes == ()
