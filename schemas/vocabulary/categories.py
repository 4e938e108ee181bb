"""Issue categories: the keys of a municipal action plan (see DOMAIN.md)."""

from dataclasses import dataclass
from enum import StrEnum


class IssueCategory(StrEnum):
    """Barrier to school participation that a plan priority addresses."""

    FADING_INTEREST = "fading_interest"
    CHILD_LABOUR = "child_labour"
    STREET_SITUATION = "street_situation"
    CAREER_GUIDANCE = "career_guidance"
    ABSENTEEISM = "absenteeism"
    LOW_ACHIEVEMENT = "low_achievement"
    POVERTY = "poverty"
    PARENTAL_ENGAGEMENT = "parental_engagement"
    DISCRIMINATION_BULLYING = "discrimination_bullying"
    RAE_INCLUSION = "rae_inclusion"
    SPECIAL_NEEDS = "special_needs"
    GENDER_EARLY_MARRIAGE = "gender_early_marriage"
    DISTANCE_ACCESS = "distance_access"
    MIGRATION_RETURN = "migration_return"
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"
    GOVERNANCE_MONITORING = "governance_monitoring"
    BUDGET_CAPACITY = "budget_capacity"
    UNCLASSIFIED = "unclassified"


class CategoryGroup(StrEnum):
    INDIVIDUAL = "individual"
    FAMILY = "family"
    SCHOOL = "school"
    SYSTEMIC = "systemic"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    category: IssueCategory
    label_en: str
    label_sq: str
    group: CategoryGroup
    label_sr: str = ""  # Latin script
    label_tr: str = ""
    label_bs: str = ""

    def label(self, lang: str) -> str:
        """The label in `en`, `sq`, `sr`, `tr` or `bs`; English for any other code."""
        return str(getattr(self, f"label_{lang}", "") or self.label_en)


_C, _G = IssueCategory, CategoryGroup
CATEGORY_INFO: dict[IssueCategory, CategoryInfo] = {
    info.category: info
    for info in (
        CategoryInfo(
            _C.FADING_INTEREST,
            "Fading interest in education",
            "Rënia e interesit për arsim",
            _G.INDIVIDUAL,
            "Gubljenje interesovanja za obrazovanje",
            "Eğitime ilginin azalması",
            "Gubljenje interesa za obrazovanje",
        ),
        CategoryInfo(
            _C.CHILD_LABOUR,
            "Child labour",
            "Puna e fëmijëve",
            _G.FAMILY,
            "Dečiji rad",
            "Çocuk işçiliği",
            "Dječiji rad",
        ),
        CategoryInfo(
            _C.STREET_SITUATION,
            "Children in street situations",
            "Fëmijët në situata rruge",
            _G.FAMILY,
            "Deca u uličnoj situaciji",
            "Sokakta yaşayan ve çalışan çocuklar",
            "Djeca u uličnoj situaciji",
        ),
        CategoryInfo(
            _C.CAREER_GUIDANCE,
            "Career-guidance obstacles",
            "Pengesat në orientimin në karrierë",
            _G.SCHOOL,
            "Prepreke u profesionalnoj orijentaciji",
            "Kariyer rehberliğindeki engeller",
            "Prepreke u profesionalnoj orijentaciji",
        ),
        CategoryInfo(
            _C.ABSENTEEISM,
            "Chronic absenteeism",
            "Mungesat e shpeshta",
            _G.INDIVIDUAL,
            "Učestali izostanci",
            "Sürekli devamsızlık",
            "Učestali izostanci",
        ),
        CategoryInfo(
            _C.LOW_ACHIEVEMENT,
            "Low achievement and repetition",
            "Suksesi i ulët dhe përsëritja",
            _G.INDIVIDUAL,
            "Slab uspeh i ponavljanje razreda",
            "Düşük başarı ve sınıf tekrarı",
            "Slab uspjeh i ponavljanje razreda",
        ),
        CategoryInfo(
            _C.POVERTY,
            "Poverty and cost of schooling",
            "Varfëria dhe kostoja e shkollimit",
            _G.FAMILY,
            "Siromaštvo i troškovi školovanja",
            "Yoksulluk ve eğitim masrafları",
            "Siromaštvo i troškovi školovanja",
        ),
        CategoryInfo(
            _C.PARENTAL_ENGAGEMENT,
            "Low parental engagement",
            "Përfshirja e ulët e prindërve",
            _G.FAMILY,
            "Slaba uključenost roditelja",
            "Velilerin düşük katılımı",
            "Slaba uključenost roditelja",
        ),
        CategoryInfo(
            _C.DISCRIMINATION_BULLYING,
            "Discrimination and bullying",
            "Diskriminimi dhe ngacmimi",
            _G.SCHOOL,
            "Diskriminacija i vršnjačko nasilje",
            "Ayrımcılık ve zorbalık",
            "Diskriminacija i vršnjačko nasilje",
        ),
        CategoryInfo(
            _C.RAE_INCLUSION,
            "Roma, Ashkali and Egyptian inclusion",
            "Përfshirja e romëve, ashkalinjve dhe egjiptianëve",
            _G.SYSTEMIC,
            "Uključivanje Roma, Aškalija i Egipćana",
            "Rom, Aşkali ve Mısırlıların eğitime katılımı",
            "Uključivanje Roma, Aškalija i Egipćana",
        ),
        CategoryInfo(
            _C.SPECIAL_NEEDS,
            "Disability and special educational needs",
            "Aftësia e kufizuar dhe nevojat e veçanta arsimore",
            _G.INDIVIDUAL,
            "Invaliditet i posebne obrazovne potrebe",
            "Engellilik ve özel eğitim gereksinimleri",
            "Invaliditet i posebne obrazovne potrebe",
        ),
        CategoryInfo(
            _C.GENDER_EARLY_MARRIAGE,
            "Girls' barriers and early marriage",
            "Pengesat për vajzat dhe martesat e hershme",
            _G.INDIVIDUAL,
            "Prepreke za devojčice i rani brakovi",
            "Kız çocuklarının karşılaştığı engeller ve erken evlilik",
            "Prepreke za djevojčice i rani brakovi",
        ),
        CategoryInfo(
            _C.DISTANCE_ACCESS,
            "Distance and access",
            "Largësia dhe qasja",
            _G.SYSTEMIC,
            "Udaljenost i pristup",
            "Mesafe ve erişim",
            "Udaljenost i pristup",
        ),
        CategoryInfo(
            _C.MIGRATION_RETURN,
            "Migration, return and documents",
            "Migrimi, kthimi dhe dokumentet",
            _G.SYSTEMIC,
            "Migracija, povratak i dokumenta",
            "Göç, geri dönüş ve belgeler",
            "Migracija, povratak i dokumenti",
        ),
        CategoryInfo(
            _C.PSYCHOSOCIAL_SUPPORT,
            "Psychosocial support",
            "Mbështetja psikosociale",
            _G.SCHOOL,
            "Psihosocijalna podrška",
            "Psikososyal destek",
            "Psihosocijalna podrška",
        ),
        CategoryInfo(
            _C.GOVERNANCE_MONITORING,
            "School governance and monitoring",
            "Qeverisja e shkollës dhe monitorimi",
            _G.SCHOOL,
            "Upravljanje školom i praćenje",
            "Okul yönetimi ve izleme",
            "Upravljanje školom i praćenje",
        ),
        CategoryInfo(
            _C.BUDGET_CAPACITY,
            "Budget and staff capacity",
            "Buxheti dhe kapacitetet e stafit",
            _G.SYSTEMIC,
            "Budžet i kapaciteti osoblja",
            "Bütçe ve personel kapasitesi",
            "Budžet i kapaciteti osoblja",
        ),
        CategoryInfo(
            _C.UNCLASSIFIED,
            "Unclassified (needs review)",
            "E paklasifikuar (kërkon shqyrtim)",
            _G.NONE,
            "Nerazvrstano (potrebna provera)",
            "Sınıflandırılmamış (inceleme gerekli)",
            "Nerazvrstano (potrebna provjera)",
        ),
    )
}

# The four barriers named by the programme's source documents.
PROGRAMME_CATEGORIES: tuple[IssueCategory, ...] = (
    _C.FADING_INTEREST,
    _C.CHILD_LABOUR,
    _C.STREET_SITUATION,
    _C.CAREER_GUIDANCE,
)
