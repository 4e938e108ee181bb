from schemas.vocabulary import (
    CATEGORY_INFO,
    MUNICIPALITIES,
    PROGRAMME_CATEGORIES,
    CategoryGroup,
    IssueCategory,
    MunicipalityCode,
    StakeholderGroup,
)


def test_all_38_municipalities_with_unique_codes_and_names() -> None:
    assert len(MUNICIPALITIES) == 38
    assert len({m.code for m in MUNICIPALITIES}) == 38
    assert len({m.name_sq for m in MUNICIPALITIES}) == 38
    assert all(m.name_sq and m.name_sr and m.district for m in MUNICIPALITIES)
    assert {m.value for m in MunicipalityCode} == {m.code for m in MUNICIPALITIES}
    assert all(m.code.isascii() and m.code == m.code.lower() for m in MUNICIPALITIES)


def test_seven_districts() -> None:
    districts = {m.district for m in MUNICIPALITIES}
    assert districts == {
        "Prishtinë",
        "Mitrovicë",
        "Pejë",
        "Gjakovë",
        "Prizren",
        "Ferizaj",
        "Gjilan",
    }


def test_every_category_has_english_and_albanian_labels_and_a_group() -> None:
    assert set(CATEGORY_INFO) == set(IssueCategory)
    for info in CATEGORY_INFO.values():
        assert info.label_en
        assert info.label_sq
        assert info.label_en != info.label_sq
    grouped = {c for c, i in CATEGORY_INFO.items() if i.group != CategoryGroup.NONE}
    assert grouped == set(IssueCategory) - {IssueCategory.UNCLASSIFIED}


def test_programme_categories_are_present() -> None:
    assert [c.value for c in PROGRAMME_CATEGORIES] == [
        "fading_interest",
        "child_labour",
        "street_situation",
        "career_guidance",
    ]


def test_stakeholder_groups_match_domain() -> None:
    assert {g.value for g in StakeholderGroup} == {
        "med",
        "school_manager",
        "teacher",
        "student",
        "parent",
        "other",
    }
