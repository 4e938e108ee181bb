"""`python -m bench.long_text`: how long one 100,000-character free text takes.

Issue 10, finding 2: a 100,000-character recommendation took ~25 s (redaction
was quadratic on the event loop). Times `redact()` on the worst-case inputs,
then one submission through the intake API of an isolated stack, and how
long /livez took to answer meanwhile. Prints a table; nothing is asserted.
"""

import asyncio
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date

from dmap.stack.load import fresh_stack
from services.admission.redaction import redact

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000

# One long run of word characters is the e-mail pattern's worst case.
INPUTS: dict[str, Callable[[int], str]] = {
    "one long word (aaaa...)": lambda n: "a" * n,
    "dots and words (a.a.a...)": lambda n: "a." * (n // 2),
    "digits (1111...)": lambda n: "1" * n,
    "digits and spaces (1 1 1...)": lambda n: "1 " * (n // 2),
    "prose": lambda n: ("Disa nxënës punojnë në treg gjatë ditës. " * (n // 40 + 1))[:n],
    # Worst cases of the name and address recognisers: capitalised words everywhere.
    "capitals (A A A...)": lambda n: "A " * (n // 2),
    "street words (rr. Aa Aa...)": lambda n: ("rr. " + "Aa " * n)[:n],
    "at signs (xxx@xxx@...)": lambda n: (("x" * 60 + "@") * (n // 61 + 1))[:n],
    "planted items, repeated": lambda n: (
        "Nxënësja Arta Krasniqi, tel 044 123 456, arta@x.com, Rr. Skënderbeu 12. " * (n // 70 + 1)
    )[:n],
}


def time_redact() -> list[tuple[str, float]]:
    out = []
    for name, make in INPUTS.items():
        text = make(N)
        started = time.perf_counter()
        redact(text)
        out.append((name, time.perf_counter() - started))
    return out


def submission(text: str) -> dict[str, object]:
    return {
        "consultation_id": str(uuid.uuid4()),
        "municipality": "prizren",
        "stakeholder_group": "teacher",
        "consultation_date": date.today().isoformat(),
        "language": "sq",
        "participant_count": 5,
        "raised_issues": [{"category": "poverty", "description": "Mungojnë librat."}],
        "recommendations": [text],
    }


async def time_api() -> tuple[int, float, float]:
    """Status and seconds of the long submission, and the slowest /livez meanwhile."""
    async with fresh_stack("bench") as stack, stack.client() as client:
        slowest = 0.0
        submit = asyncio.create_task(
            client.post("/consultations", json=submission("a" * N), timeout=300)
        )
        started = time.perf_counter()
        while not submit.done():
            probe = time.perf_counter()
            await client.get("/livez", timeout=300)
            slowest = max(slowest, time.perf_counter() - probe)
            await asyncio.sleep(0.05)
        response = await submit
        return response.status_code, time.perf_counter() - started, slowest


def main() -> None:
    print(f"\n{'redact() of ' + format(N, ',') + ' characters':<44}{'seconds':>10}")
    for name, secs in time_redact():
        print(f"{name:<44}{secs:>10.3f}")
    status, secs, livez = asyncio.run(time_api())
    print(f"\nPOST /consultations, one {N:,}-character recommendation: {status} in {secs:.2f} s")
    print(f"slowest /livez while it ran: {livez:.2f} s")


if __name__ == "__main__":
    main()
