"""`dmap token create --municipality | --all-municipalities`: the scopes it issues and refuses."""

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

import dmap.cli
import dmap.tokens
from dmap.tokens import ScopeError, municipality_codes, scope_for
from services.runtime.auth import tokens
from services.runtime.auth.roles import SCOPED_ROLES, Role
from services.runtime.settings import Settings

UNSCOPED = sorted(set(Role) - SCOPED_ROLES)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["prizren"], {"prizren"}),
        (["prizren", "dragash"], {"prizren", "dragash"}),
        (["prizren,dragash"], {"prizren", "dragash"}),
        ([" Prizren , dragash,", "prizren"], {"prizren", "dragash"}),
    ],
)
def test_municipality_codes_are_repeated_or_comma_separated(
    values: list[str], expected: set[str]
) -> None:
    assert municipality_codes(values) == expected


def test_an_unknown_code_is_named_with_the_closest_known_one() -> None:
    with pytest.raises(ScopeError, match=r"unknown municipality code 'prizern' \(did you mean "):
        municipality_codes(["dragash,prizern"])


def test_an_unknown_code_without_a_close_one_lists_the_known_codes() -> None:
    with pytest.raises(ScopeError, match=r"'atlantis'; known codes: decan, dragash"):
        municipality_codes(["atlantis"])


@pytest.mark.parametrize("values", [[""], [" , "], []])
def test_no_code_at_all_is_refused(values: list[str]) -> None:
    with pytest.raises(ScopeError, match="needs a municipality code"):
        municipality_codes(values)


@pytest.mark.parametrize("role", sorted(SCOPED_ROLES))
def test_a_planner_or_approver_names_its_municipalities(role: Role) -> None:
    assert scope_for(role, ["prizren", "dragash"], all_municipalities=False) == {
        "prizren",
        "dragash",
    }
    assert scope_for(role, None, all_municipalities=True) is None
    with pytest.raises(ScopeError, match=r"--municipality CODE .* or --all-municipalities"):
        scope_for(role, None, all_municipalities=False)
    with pytest.raises(ScopeError, match="not both"):
        scope_for(role, ["prizren"], all_municipalities=True)


@pytest.mark.parametrize("role", UNSCOPED)
def test_the_other_roles_act_for_every_municipality(role: Role) -> None:
    assert scope_for(role, None, all_municipalities=False) is None
    assert scope_for(role, None, all_municipalities=True) is None
    with pytest.raises(ScopeError, match=f"{role} tokens act for every municipality"):
        scope_for(role, ["prizren"], all_municipalities=False)


def test_the_stored_scope_is_sorted_and_without_duplicates() -> None:
    assert tokens.scope(["prizren", "dragash", "prizren"]) == ["dragash", "prizren"]
    assert tokens.scope(None) is None
    with pytest.raises(ValueError, match="at least one municipality"):
        tokens.scope([])  # an empty scope must never be read as "every municipality"
    with pytest.raises(TypeError):
        tokens.scope("prizren")


async def test_the_python_helper_refuses_a_scope_for_an_unscoped_role() -> None:
    with pytest.raises(ScopeError):
        await dmap.tokens.create_token(Settings(), "x", Role.REVIEWER, municipalities=["prizren"])
    with pytest.raises(ScopeError, match="'nowhere'"):
        await dmap.tokens.create_token(Settings(), "x", Role.PLANNER, municipalities=["nowhere"])


class Created:
    """Stands in for `create_token`: the CLI is tested without a database."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Role, frozenset[str] | None]] = []
        self.organisations: list[str | None] = []

    async def __call__(
        self,
        _settings: Settings,
        name: str,
        role: Role,
        _expires_in: timedelta | None = None,
        municipalities: frozenset[str] | None = None,
        _school: str | None = None,
        organisation: str | None = None,
    ) -> tuple[UUID, str]:
        self.calls.append((name, role, municipalities))
        self.organisations.append(organisation)
        return uuid4(), "dmap_secret"


@pytest.fixture
def created(monkeypatch: pytest.MonkeyPatch) -> Created:
    fake = Created()
    monkeypatch.setattr(dmap.tokens, "create_token", fake)
    monkeypatch.setattr(dmap.cli, "configure_logging", lambda *_: None)
    return fake


def test_the_cli_issues_a_token_for_named_municipalities(
    created: Created, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", "create", "--role", "planner", "--name", "DKA Prizren"]
    code = dmap.cli.main([*argv, "--municipality", "prizren,dragash", "--municipality", "prizren"])
    assert code == 0
    assert created.calls == [("DKA Prizren", Role.PLANNER, {"prizren", "dragash"})]
    assert "acts for: dragash,prizren" in capsys.readouterr().out


def test_the_cli_issues_a_partner_token_for_one_kind_of_organisation(
    created: Created, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", "create", "--role", "partner", "--name", "QPS Ferizaj"]
    assert dmap.cli.main([*argv, "--municipality", "ferizaj", "--organisation", "csw"]) == 0
    assert created.calls == [("QPS Ferizaj", Role.PARTNER, {"ferizaj"})]
    assert created.organisations == ["csw"]
    assert "acts for: ferizaj, organisation csw" in capsys.readouterr().out


def test_the_cli_issues_an_all_municipality_planner_only_when_asked(
    created: Created, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", "create", "--role", "approver", "--name", "MED", "--all-municipalities"]
    assert dmap.cli.main(argv) == 0
    assert created.calls == [("MED", Role.APPROVER, None)]
    assert "acts for: all municipalities" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "planner"], "planner tokens act for named municipalities"),
        (["--role", "approver"], "approver tokens act for named municipalities"),
        (["--role", "planner", "--municipality", "prizern"], "'prizern' (did you mean"),
        (["--role", "reviewer", "--municipality", "prizren"], "tokens act for every municipality"),
        (["--role", "admin", "--municipality", "prizren"], "tokens act for every municipality"),
    ],
)
def test_the_cli_refuses_a_scope_that_does_not_fit_with_exit_code_2(
    created: Created, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert dmap.cli.main(["token", "create", "--name", "someone", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err
    assert created.calls == []


def test_the_cli_does_not_take_both_scope_options(
    created: Created, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", "create", "--role", "planner", "--name", "x"]
    assert dmap.cli.main([*argv, "--municipality", "prizren", "--all-municipalities"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert created.calls == []
