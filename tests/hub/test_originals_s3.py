"""Originals of a hub on an S3-compatible store: the same encrypted bytes, the rows in the
hub, every look still in the custody log; a store out of reach is said, not half used."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import text

from tests.functional.conftest import CliRunner, cli, cli_env  # noqa: F401 (fixtures)
from tests.hub.conftest import PASSPHRASE
from tests.photos import photo
from willay.core.errors import ValidationError, WillayError
from willay.core.media import intake
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.vault.hub import Hub
from willay.core.vault.hub_s3 import S3Place
from willay.core.vault.vault import Vault

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Any]]:
    """An S3-compatible endpoint on this machine, with one empty bucket, "archivo"."""
    for name, value in (("AWS_ACCESS_KEY_ID", "willay"), ("AWS_SECRET_ACCESS_KEY", "secreto"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket="archivo")
    yield endpoint, client
    for item in client.list_objects_v2(Bucket="archivo").get("Contents", []):
        client.delete_object(Bucket="archivo", Key=item["Key"])
    client.delete_bucket(Bucket="archivo")
    server.stop()


def _stored(client: Any) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket="archivo").get("Contents", [])
    return {item["Key"]: client.get_object(Bucket="archivo", Key=item["Key"])["Body"].read()
            for item in listed}


def test_originals_go_to_the_store_encrypted_and_come_back_whole(
        hub: Hub, s3: tuple[str, Any], tmp_path: Path) -> None:
    endpoint, client = s3
    with hub.session() as session:
        incident = records.create(session, "incident", {"title": "Paro en Juliaca",
                                                        "occurred": {"text": "2023-01-09"}})
    before = photo(tmp_path / "antes.jpg")
    [in_rows] = intake.add_files(cast(Vault, hub), incident, [tmp_path / "antes.jpg"])
    hub.keep_originals_on(S3Place.parse("s3://archivo/red-sur", endpoint))
    assert _stored(client) == {}, "the test object is gone again"
    data = photo(tmp_path / "marcha.jpg", description="Plaza de Armas", size=(1800, 1400))
    [on_s3] = intake.add_files(cast(Vault, hub), incident, [tmp_path / "marcha.jpg"])
    stored = _stored(client)
    assert list(stored) == [f"red-sur/{_row_of(hub, on_s3.sha256)}"]
    [encrypted] = stored.values()
    assert encrypted.startswith(b"WILLAY-OBJECT/2\n")
    assert b"Plaza de Armas" not in encrypted and data[1000:1064] not in encrypted
    with hub.engine.connect() as conn:
        parts = conn.execute(text(
            "SELECT count(*) FROM hub_object_part p JOIN hub_object o ON o.id = p.object_id "
            "WHERE o.sha256 = :s"), {"s": on_s3.sha256}).scalar_one()
    assert parts == 0, "its bytes are on the store only"
    out = intake.export_original(cast(Vault, hub), on_s3.media_id, tmp_path / "copia.jpg")
    assert out.read_bytes() == data
    assert b"".join(hub.objects.read_chunks(in_rows.sha256)) == before, \
        "an original kept in the rows before stays readable"
    assert not verify_vault(cast(Vault, hub)).problems

    client.put_object(Bucket="archivo", Key=f"red-sur/{_row_of(hub, on_s3.sha256)}",
                      Body=encrypted[:-5] + b"xxxxx")
    [problem] = verify_vault(cast(Vault, hub)).problems
    assert on_s3.media_id in problem.item
    hub.keep_originals_on(None)
    [back] = intake.add_files(cast(Vault, hub), incident, [tmp_path / "antes.jpg"])
    assert back.sha256 == in_rows.sha256
    photo(tmp_path / "otra.jpg", description="otra")
    intake.add_files(cast(Vault, hub), incident, [tmp_path / "otra.jpg"])
    assert len(_stored(client)) == 1, "new originals are in the rows again"
    with pytest.raises(ValidationError, match="does not move them"):
        hub.keep_originals_on(S3Place.parse("s3://otro/red-sur", endpoint))


def _row_of(hub: Hub, sha256: str) -> int:
    with hub.engine.connect() as conn:
        return int(conn.execute(text("SELECT id FROM hub_object WHERE sha256 = :s"),
                                {"s": sha256}).scalar_one())


def test_a_store_out_of_reach_is_said_and_nothing_is_half_kept(
        hub: Hub, s3: tuple[str, Any], tmp_path: Path) -> None:
    endpoint, client = s3
    with pytest.raises(WillayError, match="cannot be used"):
        hub.keep_originals_on(S3Place.parse("s3://no-existe/x", endpoint))
    assert hub.originals_place() == (None, False)
    hub.keep_originals_on(S3Place.parse("s3://archivo/red-sur", endpoint))
    client.delete_bucket(Bucket="archivo")
    try:
        _add_refused(hub, tmp_path)
    finally:
        client.create_bucket(Bucket="archivo")


def _add_refused(hub: Hub, tmp_path: Path) -> None:
    with hub.session() as session:
        incident = records.create(session, "incident", {"title": "Paro",
                                                        "occurred": {"text": "2023-01-09"}})
    photo(tmp_path / "f.jpg")
    with pytest.raises(WillayError, match="cannot be used"):
        intake.add_files(cast(Vault, hub), incident, [tmp_path / "f.jpg"])
    with hub.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM hub_object")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM media")).scalar_one() == 0


def test_the_command_line_says_where_originals_go(
        hub: Hub, s3: tuple[str, Any], cli: CliRunner) -> None:  # noqa: F811
    url = hub.engine.url.render_as_string(hide_password=False)
    env = {"WILLAY_HUB": url, "WILLAY_COORDINATOR": "rosa", "WILLAY_PASSPHRASE": PASSPHRASE}
    endpoint, _client = s3
    said = cli("hub", "originals", "--s3", "s3://archivo/red-sur", "--endpoint", endpoint,
               env=env).stdout
    assert "New originals go to the S3-compatible store s3://archivo/red-sur/" in said
    shown = json.loads(cli("--json", "hub", "originals", env=env).stdout)
    assert shown["new_originals_to"] == "s3" and shown["on_s3"] == 0
    assert "hub's own database" in cli("hub", "originals", "--database", env=env).stdout
