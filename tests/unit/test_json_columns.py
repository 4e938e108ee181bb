"""The json/jsonb codec: pre-serialised model JSON passes through, the rest goes through
orjson, and what orjson refuses falls back to the standard library as before."""

import json
from datetime import date

from pydantic import BaseModel

from services.runtime.database import RawJson, _encode_json


class Tally(BaseModel):
    schools: tuple[str, ...]
    first_seen: date
    students: int


def test_model_json_is_passed_through_not_encoded_again() -> None:
    evidence = Tally(schools=("OŠ Vuk Karadžić",), first_seen=date(2026, 10, 12), students=3)
    text = evidence.model_dump_json()
    assert _encode_json(RawJson(text)) == text  # not a JSON string literal of it
    assert json.loads(_encode_json(RawJson(text))) == evidence.model_dump(mode="json")


def test_plain_values_round_trip_and_a_str_stays_a_json_string() -> None:
    value = {"b": [1, 2.5, None, True], "a": "Ferizaj – Ferizaji", "n": {"x": {}}}
    assert json.loads(_encode_json(value)) == value
    assert json.loads(_encode_json("plain text")) == "plain text"


def test_what_orjson_refuses_is_encoded_as_the_standard_library_does() -> None:
    lone_surrogate = "a\ud800b"
    assert _encode_json({"t": lone_surrogate}) == json.dumps({"t": lone_surrogate})
    huge = 2**70
    assert _encode_json([huge]) == json.dumps([huge])
