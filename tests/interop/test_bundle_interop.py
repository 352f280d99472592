"""A Willay bundle opens and checks with stock age, tar, minisign and sha256sum alone."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.interop.conftest import Runner, require_tool
from tests.sync.conftest import introduce, make_vault
from tests.sync.test_sync import fill
from willay.core.canonical import canonical_json
from willay.core.formats import age, minisign
from willay.core.sharing import send as sync_export
from willay.core.vault.identity import RECEIVING, public_keys
from willay.core.vault.models import IdentityKey


def test_stock_tools_open_and_check_a_bundle(tmp_path: Path, age_tool: Runner,
                                             minisign_tool: Runner) -> None:
    tar = require_tool("tar")
    sha256sum = require_tool("sha256sum")
    field = make_vault(tmp_path / "field", "Rosa")
    coordinator = make_vault(tmp_path / "coordinator", "Coordinadora")
    introduce(field, coordinator)
    ids = fill(field, tmp_path)
    bundle = tmp_path / "paquete.willay"
    sync_export.export_bundle(field, ["Coordinadora"], bundle)
    with coordinator.session() as session:
        key = session.get(IdentityKey, RECEIVING)
        assert key is not None
        identity = tmp_path / "coordinadora.age"
        identity.write_text(age.identity_file(key.secret_key, key.created))
    with field.session() as session:
        _x25519, ed25519 = public_keys(session)
    public = tmp_path / "rosa.pub"
    public.write_text(minisign.public_key_file(ed25519))

    # age -d -i IDENTITY BUNDLE | tar -x -C OUT
    out = tmp_path / "paquete"
    out.mkdir()
    plain = age_tool("-d", "-i", identity, bundle).stdout
    listing = subprocess.run([tar, "-t"], input=plain, capture_output=True, check=True)
    names = listing.stdout.decode().split()
    assert names[:4] == ["manifest.json", "manifest.json.minisig", "records.jsonl",
                         "custody.jsonl"]
    assert names[4:] == [f"media/{ids['sha']}"]
    subprocess.run([tar, "-x", "-C", str(out)], input=plain, check=True)

    # minisign -V accepts the manifest's signature and shows the trusted comment.
    checked = minisign_tool("-V", "-p", public, "-m", out / "manifest.json")
    manifest = json.loads((out / "manifest.json").read_text())
    assert f"bundle_id={manifest['bundle_id']}" in checked.stdout.decode()
    assert f"sequence={manifest['sequence']}" in checked.stdout.decode()

    # The README's way: the key as printed on the sender's card, and a one-line check.
    from willay.core.formats.minisign import public_key_line

    minisign_tool("-V", "-P", public_key_line(ed25519), "-m", "manifest.json", cwd=out)
    readme = ("python3 -c 'import json; [print(m[\"sha256\"] + \"  \" + m[\"name\"]) for m in "
              "json.load(open(\"manifest.json\"))[\"members\"]]' | sha256sum -c")
    assert subprocess.run(["bash", "-o", "pipefail", "-c", readme], cwd=out,
                          capture_output=True, check=False).returncode == 0

    # sha256sum -c over the manifest's member list.
    sums = "".join(f"{m['sha256']}  {m['name']}\n" for m in manifest["members"])
    result = subprocess.run([sha256sum, "-c", "-"], input=sums.encode(), cwd=out,
                            capture_output=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "media" / ids["sha"]).read_bytes() == (tmp_path / "herida.jpg").read_bytes()
    first = json.loads((out / "records.jsonl").read_text().splitlines()[0])
    assert first["body"]["format"] == "willay-revision/1"

    # Each revision's author signature, checked by stock openssl against the sender's key.
    body = canonical_json(first["body"])
    (out / "revision.json").write_bytes(body)
    (out / "revision.sig").write_bytes(bytes.fromhex(first["signature"]))
    (out / "author.pem").write_bytes(Ed25519PublicKey.from_public_bytes(ed25519).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    check = [require_tool("openssl"), "pkeyutl", "-verify", "-pubin", "-inkey", "author.pem",
             "-rawin", "-in", "revision.json", "-sigfile", "revision.sig"]
    assert subprocess.run(check, cwd=out, capture_output=True).returncode == 0
    (out / "revision.json").write_bytes(body.replace(b"Puente", b"Puerto"))
    assert subprocess.run(check, cwd=out, capture_output=True).returncode != 0

    # A changed manifest no longer verifies with minisign.
    shutil.copy(out / "manifest.json", out / "original.json")
    (out / "manifest.json").write_text(
        (out / "original.json").read_text().replace('"full"', '"FULL"'))
    assert minisign_tool("-V", "-p", public, "-m", out / "manifest.json",
                         check=False).returncode != 0
    field.lock()
    coordinator.lock()
