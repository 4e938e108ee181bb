"""Who may do what on the local broker: SCRAM accounts and ACLs.

Each service has its own account (`dmap-consultations`, `dmap-planning`,
`dmap-reporting`, `dmap-monitoring`) allowed to write only the topics it owns and to read only
what it consumes; integrators get read-only accounts; `dmap` is the operator
(a super user, for the CLI and the tests). These are set up through the
broker's own listener as `admin` (PLAIN), the one account that exists before
any SCRAM account does. confluent-kafka is used here because aiokafka has no
ACL or SCRAM administration; the services themselves never import it.
"""

import re
import secrets
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Literal

from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialUpsertion,
)
from pydantic import SecretStr

from dmap.stack.provision import (
    KAFKA_ADMIN_PASSWORD,
    KAFKA_SASL_PASSWORD,
    KAFKA_SASL_USER,
    kafka_password_key,
    local_secrets,
)
from schemas.topics import (
    CONSULTATIONS,
    MUNICIPAL_STATISTICS,
    PLAN_ALERTS,
    PLAN_AMENDMENTS,
    PLAN_PROGRESS,
    PLAN_REVIEWS,
    PLAN_SNAPSHOTS,
    PLAN_TRACKING,
    PLANS,
    dlq,
)
from services.runtime.settings import SERVICES, ServiceName, Settings

READ, WRITE, DESCRIBE = AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE

# topic -> (readers, writers) among the services; DLQs are written by their consumers.
_TOPICS: dict[str, tuple[tuple[ServiceName, ...], tuple[ServiceName, ...]]] = {
    CONSULTATIONS: (("planning", "reporting"), ("consultations",)),
    PLANS: (("reporting", "monitoring"), ("planning",)),
    PLAN_SNAPSHOTS: (("reporting",), ("planning",)),
    PLAN_REVIEWS: (("planning", "reporting"), ("reporting",)),
    PLAN_AMENDMENTS: (("planning", "reporting"), ("reporting",)),
    # Monitoring's intake publishes accepted reports (outbox); its consumer applies them.
    PLAN_PROGRESS: (("monitoring", "reporting"), ("monitoring",)),
    PLAN_ALERTS: (("reporting",), ("monitoring",)),
    # Reporting projects the newest snapshot per plan; planning may read it for carry-over.
    PLAN_TRACKING: (("reporting", "planning"), ("monitoring",)),
    dlq(PLAN_TRACKING): ((), ("reporting", "planning")),
    # Intake records the municipal statistics; planning reads them as baselines.
    MUNICIPAL_STATISTICS: (("planning",), ("consultations",)),
    dlq(MUNICIPAL_STATISTICS): ((), ("planning",)),
    dlq(CONSULTATIONS): ((), ("planning", "reporting")),
    dlq(PLANS): ((), ("reporting", "monitoring")),
    dlq(PLAN_PROGRESS): ((), ("monitoring",)),
    dlq(PLAN_REVIEWS): ((), ("planning", "reporting")),
    dlq(PLAN_AMENDMENTS): ((), ("planning", "reporting")),
}
# Reads granted before the consumer is wired (issue 14: reporting's projections of
# progress and alerts come next); every other grant matches a subscription.
GRANTED_AHEAD: frozenset[tuple[str, ServiceName]] = frozenset(
    {(PLAN_PROGRESS, "reporting"), (PLAN_ALERTS, "reporting")}
)
# Reads without a consumer group: `dmap reporting rebuild --from-snapshots` assigns
# the snapshot topic's partitions and reads them to their ends.
READ_WITHOUT_GROUP: frozenset[tuple[str, ServiceName]] = frozenset({(PLAN_SNAPSHOTS, "reporting")})
# What an integrator may read (the plan facts and the compacted current plans).
INTEGRATOR_TOPICS = (PLANS, PLAN_SNAPSHOTS)


def principal(service: ServiceName) -> str:
    return f"dmap-{service}"


def as_operator(
    settings: Settings,
    port: int,
    protocol: Literal["SASL_PLAINTEXT", "SASL_SSL"] = "SASL_PLAINTEXT",
    password: str | None = None,
    cafile: Path | None = None,
) -> Settings:
    """`settings` as the operator's SCRAM account on the local listener at `port`."""
    if password is None:
        password = local_secrets(settings)[KAFKA_SASL_PASSWORD]
    return settings.model_copy(
        update={
            "kafka_bootstrap": f"{settings.host}:{port}",
            "kafka_security_protocol": protocol,
            "kafka_sasl_mechanism": "SCRAM-SHA-512",
            "kafka_sasl_username": KAFKA_SASL_USER,
            "kafka_sasl_password": SecretStr(password),
            "kafka_ssl_cafile": cafile,
        }
    )


def admin_settings(settings: Settings) -> Settings:
    """The broker's own listener as `admin`: to create accounts before any exists."""
    password = local_secrets(settings)[KAFKA_ADMIN_PASSWORD]
    return settings.model_copy(
        update={
            "kafka_bootstrap": f"{settings.host}:{settings.kafka_broker_port}",
            "kafka_security_protocol": "SASL_PLAINTEXT",
            "kafka_sasl_mechanism": "PLAIN",
            "kafka_sasl_username": "admin",
            "kafka_sasl_password": SecretStr(password),
        }
    )


def service_account(settings: Settings, service: ServiceName) -> dict[str, str]:
    """The DMAP_KAFKA_* variables that make a service process log in as itself."""
    return {
        "DMAP_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "DMAP_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "DMAP_KAFKA_SASL_USERNAME": principal(service),
        "DMAP_KAFKA_SASL_PASSWORD": local_secrets(settings)[kafka_password_key(service)],
    }


def _client(settings: Settings) -> AdminClient:
    admin = admin_settings(settings)
    assert admin.kafka_sasl_password is not None
    return AdminClient(
        {
            "bootstrap.servers": admin.bootstrap_servers,
            "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanisms": "PLAIN",
            "sasl.username": "admin",
            "sasl.password": admin.kafka_sasl_password.get_secret_value(),
        }
    )


def _wait(futures: dict[Any, Future[Any]]) -> None:
    for future in futures.values():
        future.result(timeout=30)


def upsert_accounts(settings: Settings, accounts: dict[str, str]) -> None:
    """Create or update SCRAM-SHA-512 accounts (name -> password)."""
    info = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192)
    upserts = [UserScramCredentialUpsertion(n, info, p.encode()) for n, p in accounts.items()]
    client = _client(settings)  # kept alive until the futures resolve
    _wait(client.alter_user_scram_credentials(upserts))


def _bindings(settings: Settings) -> list[AclBinding]:
    out = []
    for topic, (readers, writers) in _TOPICS.items():
        name = settings.topic(topic)
        grants = [(r, (READ, DESCRIBE)) for r in readers] + [
            (w, (WRITE, DESCRIBE)) for w in writers
        ]
        for service, ops in grants:
            out += [
                _allow(
                    ResourceType.TOPIC, name, ResourcePatternType.LITERAL, principal(service), op
                )
                for op in ops
            ]
    for service in ("planning", "reporting", "monitoring"):
        group = f"{settings.topic_prefix}dmap-{service}"  # every group of the service
        out += [
            _allow(ResourceType.GROUP, group, ResourcePatternType.PREFIXED, principal(service), op)
            for op in (READ, DESCRIBE)
        ]
    return list(dict.fromkeys(out))  # a reader that also writes needs DESCRIBE once


def _allow(
    kind: ResourceType, name: str, pattern: ResourcePatternType, user: str, op: AclOperation
) -> AclBinding:
    return AclBinding(kind, name, pattern, f"User:{user}", "*", op, AclPermissionType.ALLOW)


def grant_services(settings: Settings) -> int:
    """Each service's ACLs on the topics of `settings.topic_prefix`; returns how many."""
    bindings = _bindings(settings)
    client = _client(settings)
    _wait(client.create_acls(bindings))
    return len(bindings)


def revoke(settings: Settings, bindings: Iterable[AclBinding]) -> None:
    filters = [
        AclBindingFilter(
            b.restype,
            b.name,
            b.resource_pattern_type,
            b.principal,
            b.host,
            b.operation,
            b.permission_type,
        )
        for b in bindings
    ]
    if filters:
        client = _client(settings)
        _wait(client.delete_acls(filters))


def revoke_services(settings: Settings) -> None:
    """Remove what `grant_services` granted for this topic prefix (test clean-up)."""
    revoke(settings, _bindings(settings))


def upsert_service_accounts(settings: Settings) -> None:
    """Every service's own SCRAM account, with its stored password (idempotent)."""
    stored = local_secrets(settings)
    upsert_accounts(settings, {principal(s): stored[kafka_password_key(s)] for s in SERVICES})


def set_up_local_broker(settings: Settings) -> list[str]:
    """Operator and service accounts, and the services' ACLs (idempotent)."""
    stored = local_secrets(settings)
    accounts = {KAFKA_SASL_USER: stored[KAFKA_SASL_PASSWORD]}
    accounts |= {principal(s): stored[kafka_password_key(s)] for s in SERVICES}
    upsert_accounts(settings, accounts)
    grant_services(settings)
    return sorted(accounts)


_INTEGRATOR_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def group_prefix(integrator: str) -> str:
    """The consumer groups an integrator may use start with this."""
    return f"integrator-{integrator}."


def create_integrator(settings: Settings, name: str) -> tuple[str, str]:
    """A read-only account for an integrator: `integrator-<name>` and a new password.

    It may read plans.v1 and plan-snapshots.v1 and use consumer groups named
    `integrator-<name>.<anything>`; it may write nothing.
    """
    if not _INTEGRATOR_NAME.fullmatch(name):
        raise ValueError(f"{name!r}: use lower-case letters, digits and single dashes")
    user = f"integrator-{name}"
    password = secrets.token_urlsafe(24)
    upsert_accounts(settings, {user: password})
    bindings = [
        _allow(ResourceType.TOPIC, settings.topic(t), ResourcePatternType.LITERAL, user, op)
        for t in INTEGRATOR_TOPICS
        for op in (READ, DESCRIBE)
    ] + [
        # Its own namespace only: a bare prefix such as "dmap" would cover the services'
        # groups (and "acme" another integrator's "acme-x").
        _allow(ResourceType.GROUP, group_prefix(name), ResourcePatternType.PREFIXED, user, op)
        for op in (READ, DESCRIBE)
    ]
    client = _client(settings)
    _wait(client.create_acls(bindings))
    return user, password
