"""Phrases consultants write, per issue category and language (written for the demo).

No names, no personal data: the demo must look like real records without
containing anything about a real child.
"""

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "fading_interest": {
        "sq": (
            "Nxënësit humbin interesin për mësim pas klasës së shtatë.",
            "Shumë fëmijë thonë se shkolla është e mërzitshme dhe nuk shohin kuptim.",
        ),
        "sr": (
            "Učenici gube interesovanje za nastavu posle sedmog razreda.",
            "Deca kažu da im je škola dosadna i da ne vide smisao.",
        ),
        "en": (
            "Pupils lose interest in learning after grade seven.",
            "Many children say school is boring and pointless for them.",
        ),
    },
    "child_labour": {
        "sq": (
            "Disa nxënës punojnë në bujqësi gjatë vjeshtës dhe mungojnë javë të tëra.",
            "Fëmijët ndihmojnë në biznesin familjar dhe nuk vijnë rregullisht.",
        ),
        "sr": (
            "Neki učenici rade u polju tokom jeseni i izostaju nedeljama.",
            "Deca rade u porodičnom poslu i ne dolaze redovno.",
        ),
        "en": (
            "Some pupils work in the fields in autumn and miss weeks of school.",
            "Children help in the family business and do not attend regularly.",
        ),
    },
    "street_situation": {
        "sq": (
            "Ka fëmijë që lypin në rrugë gjatë orarit të mësimit.",
            "Disa fëmijë shesin në rrugë dhe nuk janë regjistruar në shkollë.",
        ),
        "sr": (
            "Ima dece koja prose na ulici tokom nastave.",
            "Neka deca prodaju na ulici i nisu upisana u školu.",
        ),
        "en": (
            "There are children begging in the street during school hours.",
            "Some children sell goods on the street and were never enrolled.",
        ),
    },
    "career_guidance": {
        "sq": (
            "Nuk ka orientim në karrierë para zgjedhjes së shkollës së mesme.",
            "Nxënësit nuk dinë çfarë ofrojnë shkollat profesionale.",
        ),
        "sr": (
            "Nema profesionalne orijentacije pre upisa u srednju školu.",
            "Učenici ne znaju šta nude stručne škole.",
        ),
        "en": (
            "There is no career guidance before choosing upper secondary school.",
            "Students do not know what vocational schools offer.",
        ),
    },
    "absenteeism": {
        "sq": (
            "Mungesat e paarsyeshme rriten çdo muaj dhe prindërit nuk njoftohen.",
            "Mungesat shënohen por askush nuk reagon pas pragut.",
        ),
        "sr": (
            "Neopravdani izostanci rastu svakog meseca, roditelji nisu obavešteni.",
            "Izostanci se beleže ali niko ne reaguje posle praga.",
        ),
        "en": (
            "Unjustified absences grow every month and parents are not told.",
            "Absences are recorded but nobody acts once the threshold is passed.",
        ),
    },
    "low_achievement": {
        "sq": (
            "Nxënësit që përsërisin klasën braktisin më shpesh.",
            "Mungon mësimi plotësues për ata që mbeten prapa.",
        ),
        "sr": (
            "Učenici koji ponavljaju razred češće napuštaju školu.",
            "Nema dopunske nastave za one koji zaostaju.",
        ),
        "en": (
            "Pupils who repeat a grade drop out more often.",
            "There are no remedial classes for those falling behind.",
        ),
    },
    "poverty": {
        "sq": (
            "Familjet nuk kanë mundësi të blejnë libra dhe veshje për shkollë.",
            "Varfëria e familjes e pengon fëmijën të vijë në shkollë.",
        ),
        "sr": (
            "Porodice ne mogu da kupe knjige i odeću za školu.",
            "Siromaštvo porodice sprečava dete da dolazi u školu.",
        ),
        "en": (
            "Families cannot afford books and clothes for school.",
            "Family poverty keeps the child away from school.",
        ),
    },
    "parental_engagement": {
        "sq": (
            "Prindërit nuk vijnë në takime dhe nuk e shohin vlerën e shkollimit.",
            "Këshilli i prindërve nuk është aktiv.",
        ),
        "sr": (
            "Roditelji ne dolaze na sastanke i ne vide vrednost školovanja.",
            "Savet roditelja nije aktivan.",
        ),
        "en": (
            "Parents do not come to meetings and do not value schooling.",
            "The parents' council is not active.",
        ),
    },
    "discrimination_bullying": {
        "sq": (
            "Ngacmimi nga bashkëmoshatarët i largon disa nxënës nga shkolla.",
            "Nxënësit nga komunitetet pakicë ndihen të diskriminuar.",
        ),
        "sr": (
            "Vršnjačko nasilje tera neke učenike iz škole.",
            "Učenici iz manjinskih zajednica osećaju se diskriminisano.",
        ),
        "en": (
            "Peer bullying pushes some pupils out of school.",
            "Pupils from minority communities feel discriminated against.",
        ),
    },
    "rae_inclusion": {
        "sq": (
            "Fëmijët romë, ashkali dhe egjiptianë kanë nevojë për mësim plotësues dhe ndërmjetës.",
            "Qendrat mësimore për komunitetet RAE janë mbyllur.",
        ),
        "sr": (
            "Romskoj, aškalijskoj i egipćanskoj deci potrebni su medijatori i dopunska nastava.",
            "Centri za učenje za RAE zajednice su zatvoreni.",
        ),
        "en": (
            "Roma, Ashkali and Egyptian children need mediators and learning support.",
            "Learning centres for RAE communities have closed.",
        ),
    },
    "special_needs": {
        "sq": (
            "Nuk ka asistentë për fëmijët me nevoja të veçanta arsimore.",
            "Shkolla nuk është e qasshme për fëmijët me aftësi të kufizuara.",
        ),
        "sr": (
            "Nema asistenata za decu sa posebnim obrazovnim potrebama.",
            "Škola nije pristupačna za decu sa invaliditetom.",
        ),
        "en": (
            "There are no assistants for children with special educational needs.",
            "The school is not accessible for children with disabilities.",
        ),
    },
    "gender_early_marriage": {
        "sq": (
            "Vajzat largohen nga shkolla për shkak të martesave të hershme.",
            "Disa familje nuk i lejojnë vajzat të vazhdojnë shkollën e mesme.",
        ),
        "sr": (
            "Devojčice napuštaju školu zbog ranih brakova.",
            "Neke porodice ne dozvoljavaju devojčicama da nastave srednju školu.",
        ),
        "en": (
            "Girls leave school because of early marriage.",
            "Some families do not let girls continue to upper secondary.",
        ),
    },
    "distance_access": {
        "sq": (
            "Largësia nga fshati dhe mungesa e transportit i pengojnë nxënësit.",
            "Rruga për në shkollë nuk është e sigurt në dimër.",
        ),
        "sr": (
            "Udaljenost od sela i nedostatak prevoza sprečavaju učenike.",
            "Put do škole nije bezbedan zimi.",
        ),
        "en": (
            "Distance from the village and no transport keep pupils away.",
            "The route to school is unsafe in winter.",
        ),
    },
    "migration_return": {
        "sq": (
            "Fëmijët e kthyer nga jashtë nuk kanë dokumente dhe nuk flasin mirë gjuhën.",
            "Familjet emigrojnë në mes të vitit shkollor.",
        ),
        "sr": (
            "Deca povratnika nemaju dokumenta i slabo govore jezik.",
            "Porodice se sele u inostranstvo usred školske godine.",
        ),
        "en": (
            "Returnee children lack documents and struggle with the language.",
            "Families emigrate in the middle of the school year.",
        ),
    },
    "psychosocial_support": {
        "sq": (
            "Shkolla nuk ka psikolog as pedagog.",
            "Nxënësit me probleme emocionale nuk marrin mbështetje.",
        ),
        "sr": (
            "Škola nema psihologa ni pedagoga.",
            "Učenici sa emocionalnim problemima ne dobijaju podršku.",
        ),
        "en": (
            "The school has neither a psychologist nor a pedagogue.",
            "Pupils with emotional difficulties get no support.",
        ),
    },
    "governance_monitoring": {
        "sq": (
            "Ekipi për parandalim të braktisjes nuk raporton në DKA.",
            "Sistemi i paralajmërimit të hershëm nuk përdoret.",
        ),
        "sr": (
            "Tim za prevenciju napuštanja ne izveštava opštinsku direkciju.",
            "Sistem ranog upozoravanja se ne koristi.",
        ),
        "en": (
            "The dropout-prevention team does not report to the MED.",
            "The early warning system is not used.",
        ),
    },
    "budget_capacity": {
        "sq": (
            "Buxheti komunal nuk ka linjë për parandalimin e braktisjes.",
            "Mësimdhënësit nuk kanë trajnime për arsim gjithëpërfshirës.",
        ),
        "sr": (
            "Opštinski budžet nema liniju za sprečavanje napuštanja škole.",
            "Nastavnici nemaju obuke za inkluzivno obrazovanje.",
        ),
        "en": (
            "The municipal budget has no line for dropout prevention.",
            "Teachers have no training in inclusive education.",
        ),
    },
}

RECOMMENDATIONS: dict[str, tuple[str, ...]] = {
    "sq": (
        "Takime mujore të ekipit me DKA-në.",
        "Bashkëpunim me Qendrën për Punë Sociale.",
        "Klube pas mësimit për nxënësit në rrezik.",
    ),
    "sr": (
        "Mesečni sastanci tima sa direkcijom.",
        "Saradnja sa Centrom za socijalni rad.",
        "Vannastavne aktivnosti za učenike u riziku.",
    ),
    "en": (
        "Monthly team meetings with the MED.",
        "Work with the Centre for Social Work.",
        "After-school clubs for pupils at risk.",
    ),
}

SCHOOL_NAMES: tuple[str, ...] = (
    "SHFMU Naim Frashëri",
    "SHFMU Ismail Qemali",
    "SHFMU Dëshmorët e Kombit",
    "SHFMU Bajram Curri",
    "SHFMU Sami Frashëri",
    "SHFMU Skënderbeu",
    "SHML Gjimnazi Eqrem Çabej",
    "SHML Shkolla Teknike",
    "OŠ Vuk Karadžić",
    "OŠ Sveti Sava",
    "Kopshti Ylberi",
)
