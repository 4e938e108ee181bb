"""What the fourth reading of the golden plans (a MED director's) left, each fixed in
the engine or the catalogue: the statistics' group called by its real name, the
Serbian-curriculum schools' own owners, targets that are numbers, grade bands of the
school system addressed, costs over the months still open, and the rest."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from schemas.consultations import ConsultationRecorded
from schemas.plans import Plan, PlannedAction
from schemas.statistics import MunicipalStatisticsRecorded
from schemas.vocabulary import SchoolLevel
from services.planning.domain.wording import LANGS
from tests.factories import GOLDEN, drafted, golden_plan, plan_action, plan_actions


def _texts(plan: Plan, lang: str) -> list[str]:
    """What the plan says from the statistics, in `lang`: the situation's statistics
    sentences, the priorities' objectives and result indicators, RA-1's indicator,
    target and costing."""
    out = [getattr(s, lang) for s in plan.situation.statistics]
    for p in plan.priorities:
        if p.objective:  # its measured sentence: the catalogue's aim is the category's
            out.append(getattr(p.objective, lang).split(". ", 1)[-1])
        if p.outcome:
            out.append(getattr(p.outcome.label, lang))
    ra1 = plan_action(plan, "RA-1")
    assert ra1.indicator.target_label is not None
    assert ra1.cost_basis is not None
    out += [
        getattr(ra1.indicator.label, lang),
        getattr(ra1.indicator.target_label, lang),
        getattr(ra1.cost_basis, lang),
    ]
    return out


# How each language names the Ashkali (the word absent where only Roma are counted).
ASHKALI = {"en": "Ashkali", "sq": "ashkali", "sr": "aškalij", "tr": "Aşkali", "bs": "aškalij"}
ROMA = {"en": "Roma", "sq": "rom", "sr": "rom", "tr": "Rom", "bs": "rom"}


@pytest.mark.parametrize("lang", LANGS)
def test_roma_only_statistics_are_called_roma_and_full_ones_rae(lang: str) -> None:
    # Graçanicë's statistics count Roma rows only; Obiliq's Roma, Ashkali and Egyptians.
    said = _texts(golden_plan("gracanice"), lang)
    gracanice = [t for t in said if ROMA[lang] in t or ROMA[lang] in t.lower()]
    assert gracanice  # the gap, the transition, the RAE result, RA-1
    assert not [t for t in gracanice if ASHKALI[lang].lower() in t.lower() or "RAE" in t]
    obiliq = golden_plan("obiliq")
    outcome = obiliq.priorities[0].outcome
    assert outcome is not None
    assert ASHKALI[lang].lower() in getattr(outcome.label, lang).lower()
    ra1 = plan_action(obiliq, "RA-1").indicator
    assert ra1.target_label is not None
    assert ASHKALI[lang].lower() in getattr(ra1.target_label, lang).lower()


def _serbian(a: PlannedAction) -> bool:
    return a.action_id.endswith("S")


def test_serbian_curriculum_schools_get_no_mesti_prevention_team() -> None:
    # GM-2's partner and the EWS monitoring row named the school prevention team (EPRBM)
    # at Srednja tehnička škola Gračanica, which follows the Serbian curriculum.
    plan = golden_plan("gracanice")
    ids = {a.action_id for a in plan_actions(plan)}
    assert "GM-2S" in ids
    assert "GM-2" not in ids  # the only early-marriage evidence is the Serbian school's
    follow_up = plan_action(plan, "GM-2S")
    assert "school_team" not in follow_up.partners
    assert {"school_pp_service", "mocr"} <= set(follow_up.partners)
    for a in plan_actions(plan):
        if _serbian(a) or "Serbian curriculum" in (a.tailored_because or ""):
            assert "school_team" not in (a.responsible, *a.partners), a.action_id
    team_rows = [m for m in plan.monitoring if m.owner == "school_team"]
    assert team_rows
    for row in team_rows:
        assert "Kosovo curriculum" in row.arrangement.en
        assert "no such team" in row.arrangement.en
    # Where every school follows the Kosovo curriculum the row is said as before.
    plain = drafted("podujeve", *_podujeve_records())
    rows = [m for m in plain.monitoring if m.owner == "school_team"]
    assert rows
    assert "Kosovo curriculum" not in rows[0].arrangement.en


def _podujeve_records() -> list[ConsultationRecorded]:
    from tests.factories import record

    return [
        record(
            municipality="podujeve",
            school={"name": "SHFMU Fan Noli", "level": "upper_secondary"},
            raised_issues=[
                {
                    "category": "gender_early_marriage",
                    "description": "Girls leave for early marriage.",
                    "severity": "high",
                    "affected_groups": ["girls"],
                    "affected_students": 4,
                }
            ],
        )
    ]


@pytest.mark.parametrize("municipality", ["gracanice", "obiliq"])
def test_no_target_is_a_school_name(municipality: str) -> None:
    # GM-1S, GM-3S, CG-3S and PS-2S read "... (Srednja tehnička škola Gračanica)": a target
    # is a number (or a date), the school is the action's scope.
    plan = golden_plan(municipality)
    schools = {o for p in plan.priorities if p.evidence for o in p.evidence.schools}
    assert schools
    for a in plan_actions(plan):
        for lang in LANGS:
            target = getattr(a.indicator.target_label, lang) or a.indicator.target
            left = target
            for school in schools:
                left = left.replace(school, "")
            assert left.strip(" ()") != "", (a.action_id, target)
            assert not any(
                f"({school})" in target or target.startswith(school) for school in schools
            ), (a.action_id, target)
    scoped = {
        a.action_id: a.tailored_because or ""
        for a in plan_actions(plan)
        if a.action_id in {"GM-1S", "GM-3S", "CG-3S", "PS-2S"}
    }
    if municipality == "gracanice":
        assert set(scoped) == {"GM-1S", "GM-3S", "CG-3S", "PS-2S"}
        assert all("school: Srednja tehnička škola Gračanica" in s for s in scoped.values())


def test_yearly_unit_costs_are_charged_for_the_months_the_action_runs() -> None:
    # A mediator's yearly salary (EUR 4,800 a school year) was charged in full for RA-2's
    # 7 months (Dec 2026 - Jun 2027): now its months at EUR 480, the basis said so. Since
    # the fifth reading December, when the plan is adopted, is not charged: 6 months.
    plan = golden_plan("gracanice")
    ra2 = plan_action(plan, "RA-2")
    assert (ra2.start_month, ra2.end_month) == ("2026-12", "2027-06")
    assert ra2.cost_eur == 6 * 480
    assert ra2.cost_basis is not None
    assert "1 × 6 months × €480 a month" in ra2.cost_basis.en
    assert "1 × 6 meseci × 480 € mesečno" in (ra2.cost_basis.sr or "")
    # A one-off unit (a training day) is not pro-rated.
    assert plan_action(plan, "BC-2").cost_eur == 600
    # The fiscal years get the months charged that fall in them: 2027 only, since the
    # fifth reading (December 2026 is the adoption window).
    from services.reporting.rendering.budget import charged_months, split_by_year

    split = split_by_year(Decimal(str(ra2.cost_eur)), *charged_months(ra2, plan.cycle))
    assert split == {2027: Decimal("2880.00")}
    # No month charged is already past when the plan is drafted (the evidence's month).
    assert plan.drafted_as_of is not None
    first_open = f"{plan.drafted_as_of:%Y-%m}"
    for a in plan_actions(plan):
        if a.cost_eur:
            assert (a.start_month or "") > first_open, a.action_id


def test_an_action_over_the_whole_school_year_is_charged_the_whole_year() -> None:
    from tests.factories import record

    early = record(
        municipality="podujeve",
        consultation_date="2026-06-10",
        school={"name": "SHFMU Fan Noli", "level": "primary"},
        raised_issues=[
            {
                "category": "distance_access",
                "description": "Pupils walk too far.",
                "severity": "high",
                "affected_students": 10,
            }
        ],
    )
    transport = plan_action(drafted("podujeve", early), "DA-1")
    assert (transport.start_month, transport.end_month) == ("2026-09", "2027-06")
    assert transport.cost_eur == 10 * 400
    assert transport.cost_basis is not None
    assert "month" not in transport.cost_basis.en.split("=")[0]


def _obiliq_with(schools: int | None) -> Plan:
    records = [
        ConsultationRecorded.model_validate(r)
        for r in json.loads((GOLDEN / "consultations.json").read_text(encoding="utf-8"))
        if r["municipality"] == "obiliq"
    ]
    stats = [
        MunicipalStatisticsRecorded.model_validate({**s, "schools_with_rae_pupils": schools})
        for s in json.loads((GOLDEN / "statistics.json").read_text(encoding="utf-8"))
        if s["municipality"] == "obiliq"
    ]
    return drafted("obiliq", *records, statistics=stats)


def test_ra_2_counts_the_statistics_schools_with_rae_pupils_when_given() -> None:
    # Obiliq's RA-2 counted the two schools the consultations name; EMIS counts the
    # schools with RAE pupils: that number sizes the mediators, said so.
    counted = plan_action(_obiliq_with(5), "RA-2")
    assert counted.cost_eur == 5 * 6 * 480  # charged January to June
    # (Since the sixth round the count names the communities the statistics count: all
    # three in Obiliq, in the vocabulary's full words.)
    assert counted.indicator.target == (
        "100% (N = 5: schools with Roma, Ashkali and Egyptian pupils, EMIS 2025-2026)"
    )
    assert counted.cost_basis is not None
    assert (
        "5 schools with Roma, Ashkali and Egyptian pupils in the statistics (EMIS 2025-2026)"
        in counted.cost_basis.en
    )
    # Without that count: the schools named, and the plan says it is to be confirmed.
    named = plan_action(golden_plan("obiliq"), "RA-2")
    assert named.cost_eur == 2 * 6 * 480
    assert "SHFMU Fan Noli, SHFMU Hasan Prishtina" in named.indicator.target
    assert "to be confirmed against EMIS or the MED's records" in named.indicator.target
    assert named.cost_basis is not None
    assert "to be confirmed" in named.cost_basis.en
    for lang in LANGS:
        assert getattr(named.indicator.target_label, lang).count("(N = 2") == 1


def test_the_statistics_intake_takes_the_count_of_schools_with_rae_pupils() -> None:
    from datetime import date

    from services.consultations.domain.statistics import fingerprint, validate

    raw = json.loads((GOLDEN / "statistics.json").read_text(encoding="utf-8"))[1]
    body = {k: raw[k] for k in ("municipality", "school_year", "source", "recorded_on", "rows")}
    today = date(2026, 12, 1)
    plain, errors = validate(body, "en", today)
    assert plain is not None
    assert not errors
    with_count, errors = validate({**body, "schools_with_rae_pupils": 5}, "en", today)
    assert with_count is not None
    assert with_count.schools_with_rae_pupils == 5
    assert fingerprint(with_count) != fingerprint(plain)  # other counts: not a retry
    refused, errors = validate({**body, "schools_with_rae_pupils": -1}, "en", today)
    assert refused is None
    assert errors[0]["field"] == "schools_with_rae_pupils"


NO_CHILD_DATA = {
    "en": "no child's data",
    "sq": "asnjë të dhënë të fëmijëve",
    "sr": "bez podataka o deci",
    "tr": "hiçbir çocuğun verisini almaz",
    "bs": "bez podataka o djeci",
}


@pytest.mark.parametrize("municipality", ["gracanice", "obiliq"])
def test_birth_data_stay_with_the_civil_registry_and_the_med(municipality: str) -> None:
    # NE-1S had each school check the registry's births itself: personal data to the
    # school. The registry and the MED match; the school gets and reports counts only.
    check = plan_action(golden_plan(municipality), "NE-1S")
    assert check.responsible == "med"
    assert "school" in check.partners
    assert "each school checks the registry" not in check.label.en
    for lang in LANGS:
        assert NO_CHILD_DATA[lang] in getattr(check.label, lang), lang


def _kosovo_curriculum_only() -> Plan:
    """A plan whose one school follows the Kosovo curriculum (every school in EMIS)."""
    from tests.factories import record

    return drafted(
        "podujeve",
        record(
            municipality="podujeve",
            school={"name": "SHFMU Fan Noli", "level": "primary"},
            raised_issues=[
                {
                    "category": "distance_access",
                    "description": "Pupils walk too far.",
                    "severity": "high",
                    "affected_students": 10,
                }
            ],
        ),
    )


def test_ne_1_and_ne_1s_count_each_child_once() -> None:
    # Both quoted the statistics' 33 children: the same child could be counted twice.
    gracanice = golden_plan("gracanice")
    kosovo, serbian = plan_action(gracanice, "NE-1"), plan_action(gracanice, "NE-1S")
    assert "areas of the schools under the Kosovo curriculum" in kosovo.indicator.target
    assert "areas of the schools under the Serbian curriculum" in serbian.indicator.target
    assert "Kosovo curriculum" in kosovo.indicator.label.en
    assert "Serbian curriculum" in serbian.indicator.label.en
    for a in (kosovo, serbian):
        assert "each child is counted once" in a.indicator.target
        assert "NE-1 and NE-1S add up to 33" in a.indicator.target
        for lang in LANGS:
            assert "33" in getattr(a.indicator.target_label, lang), lang
    # Obiliq's EMIS count holds only the Kosovo-curriculum areas: NE-1S counts apart.
    obiliq = golden_plan("obiliq")
    assert "no child is counted twice" in plan_action(obiliq, "NE-1").indicator.target
    assert "108" not in plan_action(obiliq, "NE-1S").indicator.target
    # Alone (every school in EMIS), NE-1 is said as before.
    alone = _kosovo_curriculum_only()
    ne1 = plan_action(alone, "NE-1")
    assert ne1.indicator.target.startswith("Every child the match finds")
    assert "NE-1S" not in ne1.indicator.target


def test_ab_1_cl_1_ss_2_are_scoped_to_their_school_system() -> None:
    # Obiliq has Serbian-curriculum village schools: the actions of the EWS and of the
    # MESTI prevention team say they are for the Kosovo-curriculum schools.
    obiliq = golden_plan("obiliq")
    for action_id in ("AB-1", "CL-1", "SS-2"):
        a = plan_action(obiliq, action_id)
        assert a.tailored_because is not None, action_id
        assert "for schools under the Kosovo curriculum (in EMIS)" in a.tailored_because
        assert a.tailored_label is not None
        assert "kurrikulën e Kosovës" in a.tailored_label.sq
    # A Serbian-curriculum school's evidence gets their variants, without the team.
    from tests.factories import record

    def issue(category: str, text: str) -> dict[str, object]:
        return {
            "category": category,
            "description": text,
            "severity": "high",
            "affected_students": 3,
        }

    serbian = drafted(
        "gracanice",
        record(
            municipality="gracanice",
            language="sr",
            school={"name": "OŠ Kralj Milutin", "level": "lower_secondary"},
            stakeholder_group="teacher",
            raised_issues=[
                issue("child_labour", "Deca rade na pijaci umesto da idu u školu."),
                issue("street_situation", "Neka deca su na ulici i ne dolaze u školu."),
                issue("absenteeism", "Učenici često izostaju."),
            ],
        ),
    )
    ids = {a.action_id for a in plan_actions(serbian)}
    assert {"CL-1S", "SS-2S", "AB-1S"} <= ids
    assert not {"CL-1", "SS-2", "AB-1"} & ids
    for action_id in ("CL-1S", "SS-2S", "AB-1S"):
        a = plan_action(serbian, action_id)
        assert "school_team" not in (a.responsible, *a.partners), action_id
        assert "Serbian curriculum" in (a.tailored_because or ""), action_id
    # No action is scoped to the Kosovo curriculum on a Serbian-curriculum school's
    # evidence alone, and none names the prevention team there: a team action with no
    # variant of its own is led by the school with its service (CL-3S), costed as CL-3.
    for a in plan_actions(serbian):
        assert "Kosovo curriculum" not in (a.tailored_because or ""), a.action_id
        assert "school_team" not in (a.responsible, *a.partners), a.action_id
    sessions = plan_action(serbian, "CL-3S")
    assert sessions.responsible == "school"
    assert "school_pp_service" in sessions.partners
    assert sessions.cost_eur == 600  # 4 family sessions at its one school, as CL-3


KOSOVO_BANDS = ("grades 1-5", "grades 6-9", "grades 10-12", "grades 8-9")


def test_each_action_uses_the_grade_bands_of_its_school_system() -> None:
    plan = golden_plan("gracanice")
    for a in plan_actions(plan):
        said = " ".join(
            t
            for t in (
                a.label.en,
                a.tailored_because or "",
                a.indicator.label.en,
                a.indicator.target,
            )
        )
        if a.action_id.endswith("S"):  # a Serbian-curriculum school's action
            assert not any(b in said for b in KOSOVO_BANDS), (a.action_id, said)
        if "Kosovo curriculum" in (a.tailored_because or ""):
            assert "Serbian curriculum" not in a.label.en, a.action_id
    # The situation counts each system's consultations in its own bands.
    from services.reporting.rendering.markdown import render

    assert plan.situation is not None
    assert plan.situation.by_school_level_outside_emis == {SchoolLevel.UPPER_SECONDARY: 3}
    levels = next(x for x in render(plan, "en").splitlines() if x.startswith("**School levels"))
    assert (
        levels
        == "**School levels:** primary (grades 1-5) 1; Serbian curriculum: secondary school 3"
    )
    cg1s = plan_action(plan, "CG-1S")
    assert "Grade 7-8 pupils" in cg1s.indicator.label.en  # as its label says, not "Grade 8"
    # The plan mixes both systems: it says once whose bands are whose.
    assert plan.situation is not None
    notes = [c for c in plan.situation.context if c.en.startswith("Grade bands:")]
    assert len(notes) == 1
    for lang in LANGS:
        assert "1-4" in getattr(notes[0], lang)
        assert "10-12" in getattr(notes[0], lang)
    guidance = next(p for p in plan.priorities if p.category.value == "career_guidance")
    assert guidance.objective is not None
    assert "Serbian curriculum" in guidance.objective.en
    # Only one system: no such note.
    kosovo = _kosovo_curriculum_only()
    assert kosovo.situation is not None
    assert not [c for c in kosovo.situation.context if c.en.startswith("Grade bands:")]


def test_small_wording_of_the_fourth_reading() -> None:
    from services.reporting.i18n.languages import LANGS as DOC_LANGS
    from services.reporting.rendering.markdown import render

    plan = golden_plan("gracanice")
    girls = next(p for p in plan.priorities if p.category.value == "gender_early_marriage")
    assert girls.outcome is not None
    # The girls' dropout is of girls who left: the Serbian agrees with them.
    assert "učenice koje su napustile školu" in (girls.outcome.label.sr or "")
    assert "učenici koji su napustili" not in (girls.outcome.label.sr or "")
    # One Serbian word for the mediator, the catalogue's: "obrazovni medijator".
    assert (plan_action(plan, "RA-2").label.sr or "").startswith("Obrazovni medijatori")
    text = (Path(__file__).parents[2] / "services/planning/data/catalogue.toml").read_text(
        encoding="utf-8"
    )
    assert "edagoški medijator" not in text
    for municipality in ("gracanice", "obiliq"):
        drafted_plan = golden_plan(municipality)
        for lang in DOC_LANGS:
            document = render(drafted_plan, lang)
            assert "DMAP" not in document, (municipality, lang)  # plain words instead
    # The annex labels the words the classifier matched in another language as such.
    en, sq = render(plan, "en"), render(plan, "sq")
    assert "matched terms in Serbian: пешаче" in en
    assert "; in Serbian:" not in en
    assert "termat e gjetur në serbisht: пешаче" in sq
    # Words whose letters tell no language go with the plan's others: Serbian here, not
    # passed off as the plan's own; Obiliq's "Mungesat" is Albanian, not Cyrillic.
    assert "matched terms in Serbian: pedagoga, psihologa" in en
    assert "Мунгесат" not in render(golden_plan("obiliq"), "sr-Cyrl")
