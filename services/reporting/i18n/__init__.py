"""Languages of the workspace and the plan documents: gettext catalogues for the
interface (`catalogs`), the plan's own texts (`content`), Serbian Cyrillic
(`cyrillic`), language codes (`languages`), the workspace's labels (`workspace`)."""

from functools import cache

from services.reporting.i18n.catalogs import Domain, translations
from services.reporting.i18n.languages import Lang


def N_(msgid: str) -> str:
    """Marks a string for the catalogue where it is defined; translated where shown."""
    return msgid


class Words:
    """The interface strings of one catalogue in one language: `_("Goals")`,
    `_("{n} of {m} actions", m=3)`, `_.ngettext("{n} action", "{n} actions", n)`."""

    def __init__(self, lang: Lang, domain: Domain = "document") -> None:
        self.lang = lang
        self._t = translations(domain, lang)

    def __call__(self, msgid: str, **values: object) -> str:
        found = self._t.gettext(msgid)
        return found.format(**values) if values else found

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self._t.ngettext(singular, plural, n).format(n=n, **values)


@cache
def words(lang: Lang, domain: Domain = "document") -> Words:
    return Words(lang, domain)
