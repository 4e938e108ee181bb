"""The stack explains what is missing instead of failing obscurely."""

import shutil
from pathlib import Path

import pytest

from dmap.stack import StackError, postgres_node
from dmap.stack.kafka_node import KafkaNode
from services.runtime.settings import Settings


def test_missing_java_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(StackError, match="Java"):
        KafkaNode(Settings(home=tmp_path)).up()


def test_missing_maven_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "mvn" else "/usr/bin/x")
    with pytest.raises(StackError, match="Maven"):
        KafkaNode(Settings(home=tmp_path)).fetch_jars()


def test_missing_postgres_binaries_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    monkeypatch.setattr(postgres_node.glob, "glob", lambda _pattern: [])
    with pytest.raises(StackError, match="initdb, pg_ctl"):
        postgres_node._bin_dir()


def test_cluster_ids_never_look_like_options() -> None:
    from dmap.stack.kafka_node import new_cluster_id

    ids = [new_cluster_id() for _ in range(2000)]
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)
    assert len(set(ids)) == 2000
