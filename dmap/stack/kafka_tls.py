"""The local broker's TLS listener: a certificate authority of the stack's own, made once.

`keytool` (it ships with the Java that runs the broker) makes a CA, then a broker
key signed by it for the stack's host (as an IP and a DNS subject alternative
name, so clients check the hostname). The broker reads its PKCS12 keystore; clients
trust `ca.pem` (DMAP_KAFKA_SSL_CAFILE) and nothing else, as they would trust an
organisation's CA in a deployment.
"""

import ipaddress
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dmap.stack import StackError
from dmap.stack.kafka_access import as_operator
from dmap.stack.provision import KAFKA_TLS_PASSWORD, local_secrets
from services.runtime.settings import Settings

VALID_DAYS = 825  # what clients accept for a server certificate


@dataclass(frozen=True, slots=True)
class TlsFiles:
    folder: Path

    @property
    def ca(self) -> Path:
        """The CA certificate (PEM): what a client trusts."""
        return self.folder / "ca.pem"

    @property
    def keystore(self) -> Path:
        """The broker's key and certificate chain (PKCS12)."""
        return self.folder / "broker.p12"


def tls_files(settings: Settings) -> TlsFiles:
    return TlsFiles(settings.home / "kafka" / "tls")


def _subject_names(host: str) -> str:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return f"SAN=dns:{host},dns:localhost,ip:127.0.0.1"
    return f"SAN=ip:{host},dns:localhost"


def _keytool(*args: str) -> None:
    done = subprocess.run(["keytool", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StackError(f"keytool {args[0]} failed: {done.stdout[-800:]} {done.stderr[-800:]}")


def ensure_certificates(settings: Settings) -> TlsFiles:
    """The CA and the broker's keystore, made the first time (kept across restarts)."""
    files = tls_files(settings)
    if files.keystore.exists() and files.ca.exists():
        return files
    password = local_secrets(settings, create=True)[KAFKA_TLS_PASSWORD]
    files.folder.mkdir(parents=True, exist_ok=True)
    files.folder.chmod(0o700)
    ca_store, request, signed = (files.folder / n for n in ("ca.p12", "broker.csr", "broker.pem"))
    for stale in (ca_store, files.keystore, files.ca, request, signed):
        stale.unlink(missing_ok=True)
    store = ["-storetype", "PKCS12", "-storepass", password]
    ca = ["-keystore", str(ca_store), *store]
    broker = ["-keystore", str(files.keystore), *store]
    key = ["-keyalg", "RSA", "-keysize", "2048"]
    _keytool(
        "-genkeypair",
        "-alias",
        "ca",
        *key,
        "-dname",
        "CN=DMAP local stack CA",
        "-ext",
        "bc:c",
        "-validity",
        "3650",
        *ca,
    )
    _keytool("-exportcert", "-rfc", "-alias", "ca", "-file", str(files.ca), *ca)
    _keytool(
        "-genkeypair",
        "-alias",
        "broker",
        *key,
        "-dname",
        f"CN={settings.host}",
        "-validity",
        str(VALID_DAYS),
        *broker,
    )
    _keytool("-certreq", "-alias", "broker", "-file", str(request), *broker)
    _keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-infile",
        str(request),
        "-outfile",
        str(signed),
        "-validity",
        str(VALID_DAYS),
        "-ext",
        _subject_names(settings.host),
        "-ext",
        "KU=digitalSignature,keyEncipherment",
        "-ext",
        "EKU=serverAuth",
        *ca,
    )
    # The CA first, so the signed reply installs as a chain to it.
    _keytool("-importcert", "-noprompt", "-alias", "ca", "-file", str(files.ca), *broker)
    _keytool("-importcert", "-alias", "broker", "-file", str(signed), *broker)
    request.unlink()
    return files


def over_tls(settings: Settings, password: str | None = None) -> Settings:
    """`settings` as a client of the TLS listener: SASL_SSL, trusting the stack's CA."""
    if not settings.kafka_tls_port:
        raise StackError("the local broker has no TLS listener (DMAP_KAFKA_TLS_PORT is unset)")
    ca = tls_files(settings).ca
    return as_operator(settings, settings.kafka_tls_port, "SASL_SSL", password, ca)
