"""Photo files carrying IPTC, XMP, EXIF, GPS and C2PA metadata, made here (the tests import
these builders too), and how long reading that metadata takes. Not a test: numbers to report.

    .venv/bin/python -m bench.metadata [--repeat N]

Writers: ExifTool (through pyexiftool) for IPTC and XMP, Pillow for EXIF and GPS, and
c2pa-python signing with a certificate chain made here by `cryptography`. Timed: the
reader (app.engine.photo_metadata.read_photo_metadata) on a file Pillow has opened, per
kind of file; decode_image with and without metadata reading; and, for comparison,
ExifTool reading the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image

from bench.archive_data import scene

AI_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAPTURE_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
# An XMP packet with the "billion laughs" entity bomb: 10^9 "lol"s if anything expanded it.
BILLION_LAUGHS_XMP = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b']><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="&lol9;"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def photo_jpeg(seed: int = 0, size: tuple[int, int] = (960, 640)) -> bytes:
    """A photo-like JPEG without any metadata."""
    buffer = io.BytesIO()
    scene(seed).resize(size).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def exiftool_available() -> bool:
    return shutil.which("exiftool") is not None


def exiftool_write(jpeg: bytes, tags: dict[str, str | list[str]]) -> bytes:
    """`jpeg` with `tags` written by ExifTool, e.g. {"IPTC:City": "Jakarta"}; IPTC text as UTF-8."""
    import exiftool

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.jpg"
        path.write_bytes(jpeg)
        with exiftool.ExifToolHelper() as tool:
            tool.set_tags(str(path), {"IPTC:CodedCharacterSet": "UTF8", **tags},
                          params=["-overwrite_original", "-charset", "iptc=UTF8"])
        return path.read_bytes()


def pillow_write(
    jpeg: bytes,
    camera_time: str | None = None,  # "YYYY:MM:DD HH:MM:SS"
    gps: tuple[float, float] | None = None,
    camera: tuple[str, str] | None = None,
    xmp: bytes | None = None,
) -> bytes:
    """`jpeg` re-saved by Pillow with EXIF (camera time, GPS, make and model) and an XMP packet."""
    image = Image.open(io.BytesIO(jpeg))
    exif = image.getexif()
    if camera_time:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = camera_time
    if camera:
        exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = camera
    if gps:
        _write_gps(exif.get_ifd(ExifTags.IFD.GPSInfo), *gps)
    buffer = io.BytesIO()
    extra = {"xmp": xmp} if xmp is not None else {}
    image.save(buffer, "JPEG", quality=88, exif=exif, **extra)
    return buffer.getvalue()


def _write_gps(ifd: dict, lat: float, lon: float) -> None:
    def dms(value: float) -> tuple[float, float, float]:
        value = abs(value)
        degrees, minutes = int(value), int(value * 60) % 60
        return float(degrees), float(minutes), round((value * 3600) % 60, 3)

    ifd[ExifTags.GPS.GPSLatitudeRef], ifd[ExifTags.GPS.GPSLatitude] = ("N" if lat >= 0 else "S"), dms(lat)
    ifd[ExifTags.GPS.GPSLongitudeRef], ifd[ExifTags.GPS.GPSLongitude] = ("E" if lon >= 0 else "W"), dms(lon)


@dataclass(frozen=True)
class CertChain:
    root_pem: bytes  # the trust anchor
    chain_pem: bytes  # signing certificate, then the root
    key_pem: bytes  # the signing certificate's private key


def make_chain(signer: str = "Photo Desk", organisation: str = "Example News") -> CertChain:
    """A root CA and an ES256 signing certificate with the extensions C2PA requires."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                          x509.NameAttribute(NameOID.COUNTRY_NAME, "GB")])

    def usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
        return x509.KeyUsage(digital_signature=sign, content_commitment=False, key_encipherment=False,
                             data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                             encipher_only=False, decipher_only=False)

    now = dt.datetime.now(dt.timezone.utc)
    root_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = (_certificate(name(f"{organisation} Root CA"), name(f"{organisation} Root CA"), root_key.public_key(), now)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage(sign=False, ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    leaf = (_certificate(name(signer), root.subject, leaf_key.public_key(), now)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage(sign=True, ca=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    key = leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return CertChain(root.public_bytes(pem), leaf.public_bytes(pem) + root.public_bytes(pem), key)


def _certificate(subject, issuer, public_key, now: dt.datetime):  # type: ignore[no-untyped-def]
    from cryptography import x509

    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30)))


def c2pa_sign(jpeg: bytes, chain: CertChain, source_type: str = CAPTURE_SOURCE) -> bytes:
    """`jpeg` with an embedded C2PA manifest: one c2pa.created action of `source_type`."""
    import c2pa

    manifest = {
        "claim_generator_info": [{"name": "captioncheck-fixtures", "version": "1.0"}],
        "title": "photo.jpg",
        "assertions": [{"label": "c2pa.actions", "data": {
            "actions": [{"action": "c2pa.created", "digitalSourceType": source_type}]}}],
    }
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain.chain_pem, chain.key_pem, None))
    context = c2pa.Context.from_dict({"verify": {"verify_after_sign": False}})
    out = io.BytesIO()
    with c2pa.Builder(json.dumps(manifest), context=context) as builder:
        builder.sign(signer, "image/jpeg", io.BytesIO(jpeg), out)
    return out.getvalue()


def tampered(jpeg: bytes) -> bytes:
    """One byte of the compressed image changed: the picture is no longer what was signed."""
    data = bytearray(jpeg)
    data[-64] ^= 0x55
    return bytes(data)


# --- the benchmark -----------------------------------------------------------------------


def _full_tags(i: int) -> dict[str, str | list[str]]:
    return {
        "IPTC:Caption-Abstract": f"Residents wade through floodwater in Sukkur, Pakistan, on Aug. {1 + i % 28}, 2022.",
        "IPTC:City": "Sukkur", "IPTC:Province-State": "Sindh", "IPTC:Country-PrimaryLocationName": "Pakistan",
        "IPTC:Country-PrimaryLocationCode": "PAK", "IPTC:DateCreated": "2022:08:28", "IPTC:By-line": "A. Photographer",
        "IPTC:Credit": "Example News", "IPTC:Source": "Example News",
        "XMP-dc:Description": "Residents wade through floodwater in Sukkur.",
        "XMP-photoshop:City": "Sukkur", "XMP-photoshop:Country": "Pakistan", "XMP-photoshop:DateCreated": "2022-08-28",
        "XMP-iptcExt:DigitalSourceType": CAPTURE_SOURCE,
    }


def sample_files(count: int) -> dict[str, list[bytes]]:
    chain = make_chain()
    plain = [photo_jpeg(seed) for seed in range(count)]
    exif = [pillow_write(p, "2022:08:28 10:15:00", (27.70, 68.86), ("Canon", "Canon EOS R5")) for p in plain]
    files = {"no metadata": plain, "EXIF + GPS (Pillow)": exif}
    if exiftool_available():
        files["IPTC + XMP + EXIF + GPS"] = [exiftool_write(e, _full_tags(i)) for i, e in enumerate(exif)]
    files["C2PA signed"] = [c2pa_sign(e, chain) for e in exif]
    files["hostile XMP (billion laughs)"] = [pillow_write(p, xmp=BILLION_LAUGHS_XMP) for p in plain]
    return files


def _times_ms(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _row(label: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"| {label} | {len(times)} | {statistics.median(times):.3f} | {p95:.3f} | {times[-1]:.3f} |"


def bench_reader(files: dict[str, list[bytes]], repeat: int) -> list[str]:
    """Each read on a freshly opened file: Pillow caches what it parsed once."""
    from app.engine.photo_metadata import read_photo_metadata

    rows = []
    for kind, datas in files.items():
        read_photo_metadata(datas[0], Image.open(io.BytesIO(datas[0])))  # loads c2pa's native library
        times = []
        for data in datas * repeat:
            opened = Image.open(io.BytesIO(data))
            times += _times_ms(lambda: read_photo_metadata(data, opened), 1)
        rows.append(_row(f"read_photo_metadata: {kind}", times))
    return rows


def bench_decode(files: dict[str, list[bytes]], repeat: int) -> list[str]:
    from app.engine.images import decode_image
    from app.settings import Settings

    rows = []
    for enabled in (False, True):
        settings = Settings(photo_metadata_enabled=enabled)
        datas = files["IPTC + XMP + EXIF + GPS"] if "IPTC + XMP + EXIF + GPS" in files else files["EXIF + GPS (Pillow)"]
        times = [t for d in datas for t in _times_ms(lambda d=d: decode_image(d, "bench", settings, "image"), repeat)]
        rows.append(_row(f"decode_image, metadata {'on' if enabled else 'off'} (960x640 JPEG)", times))
    return rows


def bench_exiftool(files: dict[str, list[bytes]]) -> list[str]:
    if not exiftool_available():
        return ["| ExifTool | not installed | | | |"]
    import exiftool

    datas = files.get("IPTC + XMP + EXIF + GPS") or files["EXIF + GPS (Pillow)"]
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"{i}.jpg" for i in range(len(datas))]
        for path, data in zip(paths, datas):
            path.write_bytes(data)
        with exiftool.ExifToolHelper() as tool:
            tool.get_metadata(str(paths[0]))
            persistent = [t for p in paths for t in _times_ms(lambda p=p: tool.get_metadata(str(p)), 1)]
        spawned = [t for p in paths[:20] for t in
                   _times_ms(lambda p=p: subprocess.run(["exiftool", "-j", str(p)], capture_output=True, check=True), 1)]
    return [_row("ExifTool, one persistent process (pyexiftool)", persistent),
            _row("ExifTool, one process per image", spawned)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=40, help="files of each kind")
    parser.add_argument("--repeat", type=int, default=5, help="reads of each file")
    args = parser.parse_args()
    files = sample_files(args.files)
    print("| what | runs | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|")
    for row in [*bench_reader(files, args.repeat), *bench_decode(files, args.repeat), *bench_exiftool(files)]:
        print(row)


if __name__ == "__main__":
    main()
