"""C2PA content credentials signed here by c2pa-python with a chain the test makes."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from app.engine.photo_metadata import PhotoMetadata, ReadOptions, read_photo_metadata
from bench.metadata import AI_SOURCE, CAPTURE_SOURCE, c2pa_sign, make_chain, photo_jpeg, tampered


def read(data: bytes, anchors: Path | None = None) -> PhotoMetadata:
    return read_photo_metadata(data, Image.open(io.BytesIO(data)), ReadOptions(trust_anchors=anchors))


def anchors_file(tmp_path: Path, pem: bytes) -> Path:
    path = tmp_path / "anchors.pem"
    path.write_bytes(pem)
    return path


def test_a_valid_manifest_names_its_signer_and_is_trusted_with_its_root(chain, tmp_path):
    signed = c2pa_sign(photo_jpeg(), chain)
    provenance = read(signed, anchors_file(tmp_path, chain.root_pem)).provenance
    assert provenance is not None
    assert provenance.state == "trusted" and provenance.failures == ()
    assert provenance.signer == "Photo Desk (Example News)"
    assert provenance.generator == "captioncheck-fixtures 1.0"
    assert provenance.source_types == (CAPTURE_SOURCE,)


def test_without_trust_anchors_a_valid_signature_is_valid_but_unconfirmed(chain):
    provenance = read(c2pa_sign(photo_jpeg(), chain)).provenance
    assert provenance is not None
    assert provenance.state == "valid" and provenance.failures == ("signingCredential.untrusted",)


def test_another_organisation_s_root_does_not_make_it_trusted(chain, tmp_path):
    other = make_chain(organisation="Someone Else")
    provenance = read(c2pa_sign(photo_jpeg(), chain), anchors_file(tmp_path, other.root_pem)).provenance
    assert provenance is not None and provenance.state == "valid"


def test_an_image_changed_after_signing_is_invalid(chain, tmp_path):
    provenance = read(tampered(c2pa_sign(photo_jpeg(), chain)), anchors_file(tmp_path, chain.root_pem)).provenance
    assert provenance is not None
    assert provenance.state == "invalid" and "assertion.dataHash.mismatch" in provenance.failures
    assert provenance.signer == "Photo Desk (Example News)"


def test_a_generative_ai_action_is_read(chain):
    provenance = read(c2pa_sign(photo_jpeg(), chain, source_type=AI_SOURCE)).provenance
    assert provenance is not None and provenance.source_types == (AI_SOURCE,)


def test_a_missing_or_wrong_anchors_file_is_a_note_not_a_failure(chain, tmp_path):
    signed = c2pa_sign(photo_jpeg(), chain)
    missing = read(signed, tmp_path / "nowhere.pem")
    assert missing.provenance is not None and missing.provenance.state == "valid"
    assert len(missing.problems) == 1 and "trust anchors not read" in missing.problems[0]
    not_pem = read(signed, anchors_file(tmp_path, b"hello"))
    assert "no PEM certificate" in not_pem.problems[0]


def test_a_damaged_manifest_is_invalid_with_a_note(chain):
    signed = bytearray(c2pa_sign(photo_jpeg(), chain))
    box = signed.index(b"c2pa.signature")
    signed[box + 40: box + 200] = b"\x00" * 160
    meta = read(bytes(signed))
    assert meta.provenance is not None and meta.provenance.state == "invalid"
    assert meta.provenance.failures == ("manifest.unreadable",)
    assert len(meta.problems) == 1 and meta.problems[0].startswith("C2PA manifest unreadable")


def test_files_without_credentials_never_reach_the_sdk():
    meta = read(photo_jpeg())
    assert meta.provenance is None and meta.problems == ()
