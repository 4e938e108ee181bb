"""The sentences planning writes into a plan, in every language of the catalogue.

Their wording is data (`[sentences.<lang>]` in catalogue.toml); this module fills
it in: counts in each language's plural forms, lists joined the language's way.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from schemas.plans import Bilingual

# The languages a plan's content is written in (Serbian in Latin script).
LANGS = ("en", "sq", "sr", "tr", "bs")


def plural(lang: str, n: int) -> str:
    """The CLDR plural category of a whole number: `one`, `few` or `other`."""
    if lang in ("sr", "bs"):
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "other"
    return "one" if n == 1 else "other"


@dataclass(frozen=True, slots=True)
class Wording:
    """One table of sentences per language."""

    sentences: Mapping[str, Mapping[str, Any]]

    @classmethod
    def from_data(cls, data: Mapping[str, Mapping[str, Any]]) -> "Wording":
        missing = [lang for lang in LANGS if lang not in data]
        if missing:
            raise ValueError(f"catalogue sentences missing for {missing}")
        keys = set(data["en"])
        for lang in LANGS:
            if set(data[lang]) != keys:
                raise ValueError(f"sentences.{lang} differ from sentences.en in their keys")
        return cls(data)

    def phrase(self, lang: str, key: str, *sub: str) -> str:
        value: Any = self.sentences[lang][key]
        for part in sub:
            value = value[part]
        return str(value)

    def count(self, lang: str, key: str, n: int, **values: object) -> str:
        """`n` with its noun: "1 konsultim", "3 konsultime", "5 konsultacija"; a sentence
        whose verb agrees with `n` takes its other `values` too."""
        forms: Mapping[str, str] = self.sentences[lang][key]
        form = forms.get(plural(lang, n)) or forms["other"]
        return form.format(n=n, **values)

    def join(self, lang: str, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.phrase(lang, 'and')} {items[-1]}"

    def say(self, key: str, **values: object) -> Bilingual:
        """One sentence in every language, the same values filled in."""
        return self.each(lambda lang: self.phrase(lang, key).format(**values))

    @staticmethod
    def each(build: Callable[[str], str]) -> Bilingual:
        """A text built per language."""
        return Bilingual(**{lang: build(lang) for lang in LANGS})
