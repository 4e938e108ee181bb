"""Where each token is in the text as written: the spans behind "matched words"."""

import pytest

from services.planning.domain.normalise import clauses, token_spans

pytestmark = pytest.mark.unit


def _words(text: str) -> list[str]:
    spans = token_spans(text)
    assert spans is not None
    return [text[a:b] for a, b in spans]


def test_one_letter_per_letter_keeps_the_written_words() -> None:
    assert _words("Fëmijët punojnë në arë, por vijnë.") == [
        "Fëmijët",
        "punojnë",
        "në",
        "arë",
        "vijnë",
    ]


def test_letters_that_fold_to_two_map_back_to_one_word() -> None:
    # љ → lj and њ → nj: the folded text is longer than the written one
    assert _words("Дјеца раде на њиви, али долазе.") == ["Дјеца", "раде", "на", "њиви", "долазе"]


def test_a_separate_combining_mark_stays_inside_its_word() -> None:
    text = "shkolle\u0308 larg"  # ë written as e + combining diaeresis
    assert _words(text) == ["shkolle\u0308", "larg"]


def test_spans_and_clause_tokens_agree_in_number() -> None:
    for text in ("Ama okula gelmiyorlar; ailede sorun var.", "Ђаци џабе čekaju, međutim ništa."):
        spans = token_spans(text)
        assert spans is not None
        assert len(spans) == len(clauses(text)[0])
