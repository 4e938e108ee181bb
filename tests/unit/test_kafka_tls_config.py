"""The local broker's configuration opens the TLS listener only when it has a port, with a
keystore the stack made for its host (keytool, no broker started)."""

import os
import subprocess
import time
from pathlib import Path

import pytest

from dmap.stack.kafka_node import KafkaNode
from dmap.stack.kafka_tls import RENEW_DAYS, VALID_DAYS, _subject_names, ensure_certificates
from dmap.stack.provision import KAFKA_TLS_PASSWORD, local_secrets
from services.runtime.settings import Settings


def _config(home: Path, tls_port: int | None) -> dict[str, str]:
    settings = Settings(home=home, kafka_tls_port=tls_port)
    local_secrets(settings, create=True)  # what `dmap stack up` does first
    node = KafkaNode(settings)
    node.write_config()
    lines = node.config.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_without_a_port_there_is_no_tls_listener(tmp_path: Path) -> None:
    config = _config(tmp_path, None)
    assert "TLS://" not in config["listeners"]
    assert not any(k.startswith("listener.name.tls.") for k in config)
    assert not (tmp_path / "kafka" / "tls").exists()


def test_with_a_port_the_listener_speaks_sasl_ssl_with_the_stack_keystore(tmp_path: Path) -> None:
    config = _config(tmp_path, 29996)
    assert "TLS://127.0.0.1:29996" in config["listeners"]
    assert "TLS://127.0.0.1:29996" in config["advertised.listeners"]
    assert "TLS:SASL_SSL" in config["listener.security.protocol.map"]
    assert config["listener.name.tls.sasl.enabled.mechanisms"] == "SCRAM-SHA-512"
    keystore = Path(config["listener.name.tls.ssl.keystore.location"])
    assert keystore.exists()
    password = local_secrets(Settings(home=tmp_path))[KAFKA_TLS_PASSWORD]
    assert config["listener.name.tls.ssl.keystore.password"] == password
    listed = subprocess.run(
        ["keytool", "-list", "-v", "-keystore", str(keystore), "-storepass", password],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Certificate chain length: 2" in listed  # the broker's, then the CA's
    assert "IPAddress: 127.0.0.1" in listed
    assert keystore.stat().st_mode & 0o077 == 0  # the broker's key: its owner only
    files = ensure_certificates(Settings(home=tmp_path))  # a restart: nothing made again
    assert files.keystore.read_bytes() == keystore.read_bytes()
    # Strict X.509 checking (Python 3.13's default) accepts the chain.
    broker_pem = tmp_path / "broker.pem"
    subprocess.run(
        [
            "keytool",
            "-exportcert",
            "-rfc",
            "-alias",
            "broker",
            "-keystore",
            str(keystore),
            "-storepass",
            password,
            "-file",
            str(broker_pem),
        ],
        capture_output=True,
        check=True,
    )
    strict = subprocess.run(
        ["openssl", "verify", "-x509_strict", "-CAfile", str(files.ca), str(broker_pem)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert strict.returncode == 0, strict.stdout + strict.stderr
    # Another host: the broker's certificate is made again, signed by the same CA.
    ca = files.ca.read_bytes()
    moved = ensure_certificates(Settings(home=tmp_path, host="localhost"))
    assert moved.ca.read_bytes() == ca
    assert moved.host.read_text() == "localhost"
    listed = subprocess.run(
        ["keytool", "-list", "-v", "-keystore", str(moved.keystore), "-storepass", password],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "DNSName: localhost" in listed
    assert "CN=localhost" in listed
    # Near its expiry: made again at the next start, by the same CA.
    old = time.time() - (VALID_DAYS - RENEW_DAYS + 1) * 86400
    os.utime(moved.keystore, (old, old))
    before = moved.keystore.read_bytes()
    renewed = ensure_certificates(Settings(home=tmp_path, host="localhost"))
    assert renewed.keystore.read_bytes() != before
    assert renewed.ca.read_bytes() == ca


def test_the_certificate_names_an_ip_or_a_dns_host() -> None:
    assert _subject_names("127.0.0.1") == "SAN=ip:127.0.0.1,dns:localhost"
    assert _subject_names("kafka.local") == "SAN=dns:kafka.local,dns:localhost,ip:127.0.0.1"


def test_an_empty_or_zero_port_turns_the_listener_off_also_in_child_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DMAP_KAFKA_TLS_PORT", raising=False)
    assert Settings().kafka_tls_port == 29096
    for off in ("", "0"):
        monkeypatch.setenv("DMAP_KAFKA_TLS_PORT", off)
        settings = Settings()
        assert settings.kafka_tls_port is None
        # what a service process is started with keeps it off (not the default)
        monkeypatch.setenv("DMAP_KAFKA_TLS_PORT", settings.as_environment()["DMAP_KAFKA_TLS_PORT"])
        assert Settings().kafka_tls_port is None


def test_two_listeners_on_one_port_are_refused_at_start() -> None:
    with pytest.raises(ValueError, match="DMAP_KAFKA_PLAINTEXT_PORT=29996 is also DMAP_KAFKA_TLS"):
        Settings(kafka_tls_port=29996, kafka_plaintext_port=29996)
