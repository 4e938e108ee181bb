"""The local broker's configuration opens the TLS listener only when it has a port, with a
keystore the stack made for its host (keytool, no broker started)."""

import subprocess
from pathlib import Path

from dmap.stack.kafka_node import KafkaNode
from dmap.stack.kafka_tls import _subject_names, ensure_certificates
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
    # Made once: a restart keeps the CA that clients were given.
    ca = (tmp_path / "kafka" / "tls" / "ca.pem").read_bytes()
    ensure_certificates(Settings(home=tmp_path))
    assert (tmp_path / "kafka" / "tls" / "ca.pem").read_bytes() == ca


def test_the_certificate_names_an_ip_or_a_dns_host() -> None:
    assert _subject_names("127.0.0.1") == "SAN=ip:127.0.0.1,dns:localhost"
    assert _subject_names("kafka.local") == "SAN=dns:kafka.local,dns:localhost,ip:127.0.0.1"
