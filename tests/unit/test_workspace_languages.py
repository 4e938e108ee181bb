"""The workspace speaks Turkish and Bosnian as it speaks Albanian and Serbian: the reader
asks for a language (`?lang=`, the switcher's cookie, the browser's), the pages answer in
it, and a Bosnian page is ijekavian, a Turkish one names the MED as its plans do."""

import html
import re

import httpx
import pytest
from starlette.requests import Request

from services.reporting.app import create_app
from services.reporting.i18n.languages import LANGS, NAMES, WORKSPACE_LANGS
from services.reporting.i18n.workspace import browser_lang, lang_of, translator
from services.reporting.reports.wording import REPORT_LANGS
from services.wording import catalogue
from tests.unit.test_workspace_decisions import _body, _doubtful_plan

# Labels every plan page shows (the working draft's lists too), English beside them.
TURKISH = {
    "Goals": "Amaçlar",
    "Situation analysis": "Durum analizi",
    "Priorities": "Öncelikler",
    "Needs a human": "İnsan kararı gereken konular",
    "Participants' recommendations": "Katılımcıların önerileri",
    "Add as a local action": "Yerel eylem olarak ekle",
    "Edit the situation narrative": "Durum açıklamasını düzenle",
}
# Ekavian Serbian forms and the ijekavian Bosnian ones a Bosnian page uses instead.
IJEKAVIAN = {
    "čovek": "čovjek",
    "Izmeni cilj": "Izmijeni cilj",
    "Polazna vrednost": "Polazna vrijednost",
    "Mesec početka": "Mjesec početka",
    "opštini": "općini",
    "deteta": "djeteta",
}
SWITCHER = r'<a href="\?lang=([\w-]+)" lang="[\w-]+"[^>]*>([^<]+)</a>'


def _request(query: str = "", cookie: str = "", accept: str = "") -> Request:
    headers = [(b"accept-language", accept.encode())] if accept else []
    if cookie:
        headers.append((b"cookie", f"dmap_lang={cookie}".encode()))
    scope = {"type": "http", "method": "GET", "path": "/ui", "headers": headers}
    return Request(scope | {"query_string": query.encode()})


def test_the_workspace_the_reports_and_the_alerts_speak_every_language_of_the_plans() -> None:
    assert "tr" in WORKSPACE_LANGS
    assert "bs" in WORKSPACE_LANGS
    assert WORKSPACE_LANGS == REPORT_LANGS == LANGS
    assert tuple(catalogue.LANGS) == LANGS  # monitoring words its alerts in each


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "lang"),
    [
        ("lang=tr", "", "sq", "tr"),
        ("lang=BS", "tr", "", "bs"),  # case does not matter; asking beats the cookie
        ("", "tr", "sq", "tr"),  # the switcher's cookie beats the browser
        ("", "", "tr-TR,tr;q=0.9,en;q=0.5", "tr"),
        ("", "", "bs-BA", "bs"),
        ("", "", "hr", "bs"),  # Croatian readers: ijekavian in Latin script
        ("", "", "sr-Latn-RS", "sr"),
        ("", "", "sr", "sr-Cyrl"),
        ("lang=xx", "", "tr", "tr"),  # an unknown code is not a language: the browser's
        ("", "", "de-DE", "en"),
    ],
)
def test_the_reader_asks_then_the_cookie_then_the_browser(
    query: str, cookie: str, accept: str, lang: str
) -> None:
    assert lang_of(_request(query, cookie, accept)) == lang
    if not query and not cookie:
        assert browser_lang(accept) == catalogue.reader_lang(None, accept) == lang


def test_every_label_of_the_workspace_is_turkish_and_bosnian() -> None:
    english = translator("en")
    for lang in ("tr", "bs"):
        own = translator(lang)  # type: ignore[arg-type]
        assert own.keys() == english.keys()
        same = {k for k in own if own[k] == english[k]}
        # Codes and words both languages share with English, nothing else.
        assert same <= {"catalogue_v", "model_v", "period", "status", "text"}, (lang, same)


async def test_the_sign_in_page_answers_in_turkish_and_bosnian_and_offers_both() -> None:
    transport = httpx.ASGITransport(app=create_app())  # no lifespan: no database needed
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        turkish = await client.get("/signin?lang=tr")
        assert turkish.cookies.get("dmap_lang") == "tr"  # the switcher's choice is kept
        kept = await client.get("/signin")
        client.cookies.clear()
        bosnian = await client.get("/signin", headers={"accept-language": "bs-BA"})
    for page in (turkish, kept):
        assert '<html lang="tr">' in page.text
        assert "<h1>Giriş yap</h1>" in page.text
        assert "Planlamacı erişim anahtarı" in page.text
        assert "Sign in" not in page.text
    assert '<html lang="bs">' in bosnian.text
    assert "<h1>Prijavite se</h1>" in bosnian.text
    for response in (turkish, bosnian):
        switcher = re.findall(SWITCHER, response.text)
        assert switcher == [(code, NAMES[code]) for code in LANGS]


def test_a_turkish_plan_page_has_turkish_headings() -> None:
    page = html.unescape(_body(_doubtful_plan(), "tr"))
    for english, turkish in TURKISH.items():
        assert turkish in page, turkish
        assert english not in page, english
    assert "Belediye Eğitim Müdürlüğü" in page  # the MED as the Turkish plans name it
    assert "6 istişare, 52 katılımcı" in page  # counted as Turkish counts: no plural
    assert "i̇" not in page  # no dotted capital İ lower-cased into i + a combining dot


def test_a_bosnian_plan_page_is_ijekavian() -> None:
    page = html.unescape(_body(_doubtful_plan(), "bs"))
    serbian = html.unescape(_body(_doubtful_plan(), "sr"))
    for ekavian, ijekavian in IJEKAVIAN.items():
        assert ijekavian in page, ijekavian
        assert ekavian not in page, ekavian
        assert ekavian in serbian, ekavian  # the Serbian page keeps its own forms
    assert "6 konsultacija, 52 učesnika" in page
