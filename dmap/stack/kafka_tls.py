"""The local broker's TLS listener: a certificate authority of the stack's own, made once.

`keytool` (it ships with the Java that runs the broker) makes a CA, then a broker
key signed by it for the stack's host (as an IP and a DNS subject alternative
name, so clients check the hostname). The broker reads its PKCS12 keystore; clients
trust `ca.pem` (DMAP_KAFKA_SSL_CAFILE) and nothing else, as they would trust an
organisation's CA in a deployment.
"""

import ipaddress
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dmap.stack import StackError
from dmap.stack.kafka_access import as_operator
from dmap.stack.provision import KAFKA_TLS_PASSWORD, local_secrets
from services.runtime.settings import Settings

VALID_DAYS = 825  # what clients accept for a server certificate
RENEW_DAYS = 30  # the broker's certificate is made again this long before it expires


@dataclass(frozen=True, slots=True)
class TlsFiles:
    folder: Path

    @property
    def ca(self) -> Path:
        """The CA certificate (PEM): what a client trusts."""
        return self.folder / "ca.pem"

    @property
    def ca_store(self) -> Path:
        """The CA's key (PKCS12): signs the broker's certificate again when needed."""
        return self.folder / "ca.p12"

    @property
    def keystore(self) -> Path:
        """The broker's key and certificate chain (PKCS12)."""
        return self.folder / "broker.p12"

    @property
    def host(self) -> Path:
        """The host the broker's certificate names."""
        return self.folder / "broker.host"


def tls_files(settings: Settings) -> TlsFiles:
    return TlsFiles(settings.home / "kafka" / "tls")


def _subject_names(host: str) -> str:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return f"SAN=dns:{host},dns:localhost,ip:127.0.0.1"
    return f"SAN=ip:{host},dns:localhost"


def _keytool_binary() -> str:
    """keytool beside the `java` that runs the broker, else on PATH."""
    java = shutil.which("java")
    beside = Path(java).resolve().parent / "keytool" if java else None
    found = str(beside) if beside and beside.exists() else shutil.which("keytool")
    if not found:
        raise StackError("keytool (it ships with Java 17+) is needed for the TLS listener")
    return found


def _keytool(password: str, *args: str) -> None:
    """One keytool step; the store password goes by the environment, not argv (ps)."""
    env = {**os.environ, PASSWORD_VARIABLE: password}
    done = subprocess.run(
        [_keytool_binary(), *args], capture_output=True, text=True, check=False, env=env
    )
    if done.returncode != 0:
        raise StackError(f"keytool {args[0]} failed: {done.stdout[-800:]} {done.stderr[-800:]}")


def _store(path: Path) -> list[str]:
    return ["-keystore", str(path), "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE]


KEY = ["-keyalg", "RSA", "-keysize", "2048"]
PASSWORD_VARIABLE = "DMAP_KEYTOOL_STOREPASS"


def _make_ca(folder: Path, password: str) -> None:
    ca_store = folder / "ca.p12"
    # KeyUsage as well as BasicConstraints: strict X.509 checking (Python 3.13's
    # default context) refuses a CA certificate without it.
    _keytool(
        password,
        "-genkeypair",
        "-alias",
        "ca",
        *KEY,
        "-dname",
        "CN=DMAP local stack CA",
        "-ext",
        "bc:c=ca:true,pathlen:0",
        "-ext",
        "KU:c=keyCertSign,cRLSign",
        "-validity",
        "3650",
        *_store(ca_store),
    )
    _keytool(
        password,
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-file",
        str(folder / "ca.pem"),
        *_store(ca_store),
    )


def _make_broker(files: TlsFiles, folder: Path, host: str, password: str) -> None:
    """The broker's key and a certificate for `host` signed by the CA, into `folder`."""
    keystore, request, signed = (folder / n for n in ("broker.p12", "broker.csr", "broker.pem"))
    _keytool(
        password,
        "-genkeypair",
        "-alias",
        "broker",
        *KEY,
        "-dname",
        f"CN={host}",
        "-validity",
        str(VALID_DAYS),
        *_store(keystore),
    )
    _keytool(password, "-certreq", "-alias", "broker", "-file", str(request), *_store(keystore))
    _keytool(
        password,
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
        _subject_names(host),
        "-ext",
        "KU=digitalSignature,keyEncipherment",
        "-ext",
        "EKU=serverAuth",
        *_store(files.ca_store),
    )
    # The CA first, so the signed reply installs as a chain to it.
    _keytool(
        password,
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        str(files.ca),
        *_store(keystore),
    )
    _keytool(password, "-importcert", "-alias", "broker", "-file", str(signed), *_store(keystore))
    request.unlink()
    signed.unlink()
    (folder / "broker.host").write_text(host)


def ensure_certificates(settings: Settings) -> TlsFiles:
    """The CA (made once, kept across restarts: clients were given it) and the broker's
    keystore for the stack's host (made again, signed by the same CA, if the host
    changed or the certificate nears its expiry; a restart of the broker takes it).
    Each is built in a scratch folder and moved into place whole, so an interrupted
    run leaves nothing half made behind."""
    files = tls_files(settings)
    password = local_secrets(settings, create=True)[KAFKA_TLS_PASSWORD]
    files.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    files.folder.chmod(0o700)
    if not (files.ca.exists() and files.ca_store.exists()):
        with tempfile.TemporaryDirectory(dir=files.folder) as scratch:
            _make_ca(Path(scratch), password)
            for name in ("ca.p12", "ca.pem"):
                os.replace(Path(scratch) / name, files.folder / name)
        files.keystore.unlink(missing_ok=True)  # signed by a CA that is gone
    made_for = files.host.read_text() if files.host.exists() else None
    # Made again before clients would refuse it: for another host, or near its expiry.
    aging = files.keystore.exists() and (
        time.time() - files.keystore.stat().st_mtime > (VALID_DAYS - RENEW_DAYS) * 86400
    )
    if not files.keystore.exists() or made_for != settings.host or aging:
        with tempfile.TemporaryDirectory(dir=files.folder) as scratch:
            _make_broker(files, Path(scratch), settings.host, password)
            os.replace(Path(scratch) / "broker.host", files.host)
            os.replace(Path(scratch) / "broker.p12", files.keystore)
    for key in (files.ca_store, files.keystore):
        key.chmod(0o600)
    return files


def over_tls(settings: Settings, password: str | None = None) -> Settings:
    """`settings` as a client of the TLS listener: SASL_SSL, trusting the stack's CA."""
    if not settings.kafka_tls_port:
        raise StackError("the local broker has no TLS listener (DMAP_KAFKA_TLS_PORT is unset)")
    ca = tls_files(settings).ca
    return as_operator(settings, settings.kafka_tls_port, "SASL_SSL", password, ca)
