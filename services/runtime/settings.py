"""Settings from the environment (`DMAP_*`); built once per process at start-up."""

import re
import socket
from pathlib import Path
from typing import Literal, Self, get_args
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.envelope import SCHEMAS_PATH
from schemas.topics import (
    CONSULTATIONS,
    PLAN_AMENDMENTS,
    PLAN_REVIEWS,
    PLAN_TRACKING,
    PLANS,
    TOPICS,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

ServiceName = Literal["consultations", "planning", "reporting", "monitoring"]
SERVICES: tuple[ServiceName, ...] = get_args(ServiceName)


LOCAL_OPERATOR = "dmap"  # the local broker's operator account (a super user)
LOCAL_OPERATOR_PASSWORD = "DMAP_KAFKA_SASL_LOCAL_PASSWORD"


# Read from offset zero by `dmap reporting rebuild` (reporting's subscriptions) and by
# a consumer group that starts afresh (planning after losing its database): a record
# that expired is lost to them, so these topics keep everything.
REPLAYED_FROM_ZERO: frozenset[str] = frozenset(
    {CONSULTATIONS, PLANS, PLAN_REVIEWS, PLAN_AMENDMENTS, PLAN_TRACKING}
)
UNLIMITED = -1

_DURATION = re.compile(r"(?P<n>\d+)(?P<unit>ms|s|m|h|d)?")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}


def parse_retention(text: str) -> dict[str, int]:
    """`topic=7d,other=unlimited` -> {topic: retention.ms}; names without the prefix.

    A string rather than a mapping so it survives `as_environment()` like every field.
    """
    known = {t.name for t in TOPICS}
    out: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        topic, sep, value = (x.strip() for x in item.partition("="))
        if not sep or topic not in known:
            raise ValueError(
                f"DMAP_TOPIC_RETENTION: {item!r} is not <topic>=<duration> "
                f"with a DMAP topic ({', '.join(sorted(known))})"
            )
        if value in ("-1", "unlimited"):
            out[topic] = UNLIMITED
            continue
        match = _DURATION.fullmatch(value)
        if not match or int(match["n"]) == 0:
            raise ValueError(
                f"DMAP_TOPIC_RETENTION: {value!r} for {topic} is not a duration "
                "(e.g. 604800000, 7d, 12h, 30m, unlimited)"
            )
        out[topic] = int(match["n"]) * _UNIT_MS[match["unit"] or "ms"]
    return out


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a local secrets file; empty when there is none."""
    if not path.exists():
        return {}
    pairs = (line.partition("=") for line in path.read_text().splitlines())
    return {k.strip(): v.strip() for k, _, v in pairs if k.strip()}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DMAP_", extra="ignore")

    home: Path = Field(REPO_ROOT / ".dmap", description="Local stack state, logs, pid files.")
    host: str = "127.0.0.1"
    database_url: str | None = Field(
        None,
        description="External PostgreSQL; when unset the local stack's server is used.",
    )
    database_name: str = "dmap"
    # Below Linux's ephemeral range (32768-60999): a client retrying a stopped server
    # on an ephemeral port can connect to itself and keep the port from the server.
    pg_port: int = 25432
    kafka_bootstrap: str | None = Field(None, description="External Kafka bootstrap servers.")
    kafka_port: int = 29092
    kafka_controller_port: int = 29093
    topic_prefix: str = Field("", description="Prefix for every topic (test isolation).")
    kafka_security_protocol: Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = Field(None, description="CA bundle for SSL/SASL_SSL.")
    kafka_broker_port: int = Field(29095, description="Local broker's inter-broker listener.")
    kafka_tls_port: int | None = Field(
        29096,
        description="Local broker's SASL_SSL listener (TLS with the stack's own CA, "
        "`.dmap/kafka/tls/ca.pem`); empty or 0: none.",
    )
    kafka_plaintext_port: int | None = Field(
        None,
        description="Also open an unauthenticated listener here (local experiments only: "
        "whoever reaches it may do anything).",
    )
    topic_replication: int = Field(
        1, ge=1, description="Replication factor of the topics DMAP creates (3 on a cluster)."
    )
    topic_min_insync: int | None = Field(
        None,
        ge=1,
        description="min.insync.replicas of the topics DMAP creates; unset: the broker's.",
    )
    topic_retention: str = Field(
        "",
        description="retention.ms per topic, e.g. 'consultations.v1.dlq=30d'; topics "
        "replayed from offset zero keep everything and refuse a limit.",
    )
    consultations_port: int = 8081
    planning_port: int = 8082
    reporting_port: int = 8083
    monitoring_port: int = 8084
    monitoring_today: str | None = Field(
        None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Monitoring's clock: the date it checks reports and computes alerts for "
        "(tests and replays); unset: the real date.",
    )
    monitoring_alert_interval_s: float = Field(
        300.0, gt=0, description="Monitoring recomputes every plan's alerts this often."
    )
    schema_base_url: str | None = Field(
        None,
        description="Public URL where reporting serves the JSON Schemas (ends in /schemas); "
        "events' `dataschema` and the schemas' `$id` point there. Unset: reporting's own "
        "address, http://DMAP_HOST:DMAP_REPORTING_PORT/schemas.",
    )
    instance: str | None = Field(
        None,
        description="Stable name of this service instance (Kafka static membership).",
    )
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: str = "INFO"
    pool_max_size: int = 4
    acquire_timeout_s: float = 10.0
    outbox_batch_size: int = 200
    outbox_poll_interval_s: float = 0.5
    kafka_max_message_bytes: int = Field(
        1_048_588,
        ge=1024,
        description="The broker's message.max.bytes (Kafka's default here): an outbox row "
        "larger than this after compression is dead-lettered, never sent.",
    )
    consumer_max_records: int | None = Field(
        None,
        ge=1,
        description="Records per consumed batch for every subscription (`make bench` sets 1 "
        "to measure what batching buys); unset: each subscription's own.",
    )
    session_ttl_s: float = Field(8 * 3600, description="A workspace sign-in lasts this long.")
    session_idle_s: float = Field(3600, description="...or ends after this long unused.")
    cookie_secure: bool = Field(False, description="Workspace served over HTTPS: Secure cookies.")
    four_eyes: bool = Field(
        True, description="Whoever submitted a plan version may not be the one to approve it."
    )
    model_poll_s: float = Field(
        5.0, description="Planning checks this often for a newly activated classifier model."
    )
    auth_failure_limit: int = Field(10, description="Failed authentications per client IP...")
    auth_failure_window_s: float = Field(60, description="...per this window, then 429.")

    consultations_db_password: SecretStr | None = Field(
        None, description="Password of role dmap_consultations (set by `dmap stack up`)."
    )
    planning_db_password: SecretStr | None = None
    reporting_db_password: SecretStr | None = None
    monitoring_db_password: SecretStr | None = None

    @field_validator("kafka_tls_port", mode="before")
    @classmethod
    def _no_tls_listener(cls, value: object) -> object:
        """`DMAP_KAFKA_TLS_PORT=` or `=0` turns the listener off (unset keeps 29096)."""
        return None if value in ("", "0", 0) else value

    @model_validator(mode="after")
    def _local_ports_differ(self) -> Self:
        ports = [
            ("DMAP_KAFKA_PORT", self.kafka_port),
            ("DMAP_KAFKA_CONTROLLER_PORT", self.kafka_controller_port),
            ("DMAP_KAFKA_BROKER_PORT", self.kafka_broker_port),
            ("DMAP_KAFKA_TLS_PORT", self.kafka_tls_port),
            ("DMAP_KAFKA_PLAINTEXT_PORT", self.kafka_plaintext_port),
        ]
        seen: dict[int, str] = {}
        for name, port in ports:
            if port is not None and port in seen:
                raise ValueError(f"{name}={port} is also {seen[port]}: each listener needs its own")
            if port is not None:
                seen[port] = name
        return self

    @model_validator(mode="after")
    def _topic_policy_is_coherent(self) -> Self:
        # Refused at start-up, not when the broker answers: a typo or a rebuild that
        # silently misses expired records would only show much later.
        if self.topic_min_insync is not None and self.topic_min_insync > self.topic_replication:
            raise ValueError(
                f"DMAP_TOPIC_MIN_INSYNC={self.topic_min_insync} exceeds "
                f"DMAP_TOPIC_REPLICATION={self.topic_replication}: no write could succeed"
            )
        for topic, ms in parse_retention(self.topic_retention).items():
            if topic in REPLAYED_FROM_ZERO and ms != UNLIMITED:
                raise ValueError(
                    f"DMAP_TOPIC_RETENTION: {topic} is read from offset zero by "
                    "`dmap reporting rebuild`; its retention must stay unlimited"
                )
        return self

    def retention_ms(self, topic: str) -> int | None:
        """retention.ms for a topic (unprefixed name); None leaves the broker's default."""
        configured = parse_retention(self.topic_retention)
        if topic in configured:
            return configured[topic]
        return UNLIMITED if topic in REPLAYED_FROM_ZERO else None

    def port(self, service: ServiceName) -> int:
        """The HTTP port `service` listens on."""
        ports = {
            "consultations": self.consultations_port,
            "planning": self.planning_port,
            "reporting": self.reporting_port,
            "monitoring": self.monitoring_port,
        }
        return ports[service]

    def db_password(self, service: ServiceName) -> SecretStr | None:
        """Password of the service's own database role, when one is configured."""
        passwords = {
            "consultations": self.consultations_db_password,
            "planning": self.planning_db_password,
            "reporting": self.reporting_db_password,
            "monitoring": self.monitoring_db_password,
        }
        return passwords[service]

    def with_kafka_account(self) -> "Settings":
        """These settings with the account Kafka clients log in with.

        The local broker takes SCRAM clients only: unless an account is configured,
        clients act as its operator (`dmap`, the password in DMAP_HOME/secrets.env).
        Read when a client is made, not when settings are, because `dmap stack up`
        writes that file after the command's settings exist.
        """
        if self.kafka_bootstrap or self.kafka_sasl_username:
            return self
        password = read_env_file(self.home / "secrets.env").get(LOCAL_OPERATOR_PASSWORD)
        if not password:
            return self
        return self.model_copy(
            update={
                "kafka_security_protocol": "SASL_PLAINTEXT",
                "kafka_sasl_mechanism": "SCRAM-SHA-512",
                "kafka_sasl_username": LOCAL_OPERATOR,
                "kafka_sasl_password": SecretStr(password),
            }
        )

    def service_dsn(self, service: ServiceName) -> str:
        """The service's own role, with rights on its schema only; else the main DSN."""
        password = self.db_password(service)
        if password is None:
            return self.dsn
        url = urlsplit(self.dsn)
        host = url.hostname or self.host
        netloc = f"dmap_{service}:{quote(password.get_secret_value(), safe='')}@{host}"
        if url.port:
            netloc += f":{url.port}"
        return urlunsplit(url._replace(netloc=netloc))

    @property
    def dsn(self) -> str:
        if self.database_url:
            return self.database_url
        return f"postgresql://dmap:dmap@{self.host}:{self.pg_port}/{self.database_name}"

    @property
    def bootstrap_servers(self) -> str:
        return self.kafka_bootstrap or f"{self.host}:{self.kafka_port}"

    def instance_id(self, service: ServiceName) -> str:
        """Stable across restarts of the same instance, distinct between instances."""
        return self.instance or f"{socket.gethostname()}-{service}-{self.port(service)}"

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    def service_url(self, service: ServiceName) -> str:
        return f"http://{self.host}:{self.port(service)}"

    @property
    def schemas_url(self) -> str:
        """Base URL of the served JSON Schemas (`<base>/<name>.json`)."""
        base = self.schema_base_url or f"{self.service_url('reporting')}{SCHEMAS_PATH}"
        return base.rstrip("/")

    def as_environment(self) -> dict[str, str]:
        """These settings as the `DMAP_*` variables that rebuild them in a child process.

        Unset (None) fields are left out so the child falls back to its default;
        secrets are unwrapped, since a child can only read them from its environment.
        """
        prefix = self.model_config.get("env_prefix", "")
        env: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None:
                if type(self).model_fields[name].default is not None:
                    env[f"{prefix}{name}".upper()] = ""  # off, not the default
                continue
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            if not isinstance(value, str | int | float | Path):
                # str() of a list or model would not parse back: encode such a field on purpose.
                raise TypeError(f"no environment form for {name}: {type(value).__name__}")
            env[f"{prefix}{name}".upper()] = str(value)
        return env
