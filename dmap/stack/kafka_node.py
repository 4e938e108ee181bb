"""A one-node Apache Kafka (KRaft) from Maven Central jars, run on the machine's JDK."""

import asyncio
import base64
import shutil
import string
import subprocess
import uuid

from dmap.stack import StackError
from dmap.stack.kafka_access import admin_settings
from dmap.stack.kafka_tls import ensure_certificates
from dmap.stack.procs import port_in_use, read_pid, spawn, tail, terminate
from dmap.stack.provision import (
    KAFKA_ADMIN_PASSWORD,
    KAFKA_TLS_PASSWORD,
    local_secrets,
    write_private,
)
from services.runtime.kafka import describe_cluster
from services.runtime.settings import REPO_ROOT, Settings

DEPLOY = REPO_ROOT / "deploy" / "kafka"


def new_cluster_id() -> str:
    """A Kafka cluster id (base64url of a random UUID) that does not start with "-".

    One in 64 would, and the storage tool's argument parser then reads it as an
    option ("--cluster-id: expected one argument"), as a fresh clone showed.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cluster_id.startswith("-"):
            return cluster_id


class KafkaNode:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.home / "kafka"
        self.libs = self.root / "libs"
        self.data = self.root / "data"
        self.config = self.root / "server.properties"
        self.pid_file = settings.home / "run" / "kafka.pid"
        self.log_file = settings.home / "logs" / "kafka.log"

    def fetch_jars(self) -> None:
        """Resolve the broker's jars through Maven once; ~/.m2 and libs/ cache them."""
        if any(self.libs.glob("kafka_2.13-*.jar")):
            return
        if not shutil.which("mvn"):
            raise StackError("Maven (`mvn`) is not on PATH; it fetches Kafka from Maven Central.")
        self.libs.mkdir(parents=True, exist_ok=True)
        cmd = [
            "mvn",
            "-q",
            "-B",
            "-f",
            str(DEPLOY / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={self.libs}",
            "-DincludeScope=runtime",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not any(self.libs.glob("kafka_2.13-*.jar")):
            shutil.rmtree(self.libs, ignore_errors=True)
            raise StackError(f"Maven could not fetch Kafka's jars:\n{done.stdout}\n{done.stderr}")

    def write_config(self) -> None:
        template = string.Template((DEPLOY / "server.properties.template").read_text())
        st = self.settings
        plain = st.kafka_plaintext_port
        self.config.parent.mkdir(parents=True, exist_ok=True)
        write_private(  # holds the admin password
            self.config,
            template.substitute(
                host=st.host,
                port=st.kafka_port,
                broker_port=st.kafka_broker_port,
                controller_port=st.kafka_controller_port,
                tls_listener=f",TLS://{st.host}:{st.kafka_tls_port}" if st.kafka_tls_port else "",
                tls_config=self._tls_config(),
                plaintext_listener=f",PLAINTEXT://{st.host}:{plain}" if plain else "",
                plaintext_advertised=f",PLAINTEXT://{st.host}:{plain}" if plain else "",
                # With the plaintext switch on, its anonymous clients may do anything.
                super_users="User:admin;User:dmap" + (";User:ANONYMOUS" if plain else ""),
                admin_password=local_secrets(st)[KAFKA_ADMIN_PASSWORD],
                data_dir=self.data,
            ),
        )

    def _tls_config(self) -> str:
        """The TLS listener's lines: SCRAM as on the client listener, over TLS."""
        if not self.settings.kafka_tls_port:
            return ""
        files = ensure_certificates(self.settings)
        password = local_secrets(self.settings)[KAFKA_TLS_PASSWORD]
        return "\n".join(
            [
                "listener.name.tls.sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.tls.scram-sha-512.sasl.jaas.config="
                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.tls.ssl.keystore.type=PKCS12",
                f"listener.name.tls.ssl.keystore.location={files.keystore}",
                f"listener.name.tls.ssl.keystore.password={password}",
                f"listener.name.tls.ssl.key.password={password}",
                "listener.name.tls.ssl.enabled.protocols=TLSv1.3,TLSv1.2",
            ]
        )

    def format_storage(self) -> None:
        if (self.data / "meta.properties").exists():
            return
        done = subprocess.run(
            [
                *self._java(),
                "kafka.tools.StorageTool",
                "format",
                f"--cluster-id={new_cluster_id()}",
                "-c",
                str(self.config),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise StackError(f"Kafka storage format failed:\n{done.stdout[-2000:]}\n{done.stderr}")

    def up(self) -> str:
        if self.settings.kafka_bootstrap:
            return f"external Kafka at {self.settings.kafka_bootstrap}"
        if read_pid(self.pid_file):
            asyncio.run(self._wait_ready(30))
            return f"Kafka already running on {self.settings.bootstrap_servers}"
        if not shutil.which("java"):
            raise StackError("Java (`java`, 17+) is not on PATH; the Kafka broker runs on it.")
        busy = [
            p
            for p in (
                self.settings.kafka_port,
                self.settings.kafka_controller_port,
                self.settings.kafka_broker_port,
                *(
                    p
                    for p in (self.settings.kafka_tls_port, self.settings.kafka_plaintext_port)
                    if p
                ),
            )
            if port_in_use(self.settings.host, p)
        ]
        if busy:
            raise StackError(
                f"port(s) {busy} in use by another program (another DMAP stack from a "
                "different folder?); stop it or set DMAP_KAFKA_PORT and friends"
            )
        self.fetch_jars()
        self.write_config()
        self.format_storage()
        spawn([*self._java(), "kafka.Kafka", str(self.config)], self.pid_file, self.log_file)
        try:
            asyncio.run(self._wait_ready(90))
        except Exception as exc:
            raise StackError(
                f"Kafka did not become ready ({exc!r}). Log tail:\n{tail(self.log_file)}"
            ) from exc
        return f"Kafka started on {self.settings.bootstrap_servers}"

    def down(self) -> bool:
        return terminate(self.pid_file)

    def status(self) -> str:
        if self.settings.kafka_bootstrap:
            return f"external ({self.settings.kafka_bootstrap})"
        pid = read_pid(self.pid_file)
        return f"running (pid {pid}) on {self.settings.bootstrap_servers}" if pid else "stopped"

    def _java(self) -> list[str]:
        return [
            "java",
            "-Xms256m",
            "-Xmx768m",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={DEPLOY / 'log4j2.properties'}",
            "-cp",
            str(self.libs / "*"),
        ]

    async def _wait_ready(self, timeout_s: float) -> None:
        """Ready means the broker answers a metadata request with itself in it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            if not read_pid(self.pid_file):
                raise StackError("the Kafka process exited")
            try:
                # As `admin` on the broker listener: no SCRAM account exists yet on a new node.
                admin = admin_settings(self.settings)
                cluster = await asyncio.wait_for(describe_cluster(admin), 15)
                if cluster.get("brokers"):
                    return
            except Exception:
                if loop.time() > deadline:
                    raise
            await asyncio.sleep(1)
