"""Safe image fetching against real HTTP(S) servers on loopback, in threads."""

from __future__ import annotations

import io
import ipaddress
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from app.errors import InputError
from app.net import USER_AGENT, address_refusal, fetch_image_bytes, sniff_image_format
from app.settings import Settings

FIELD = "figures[0].image"
HTML = b"<!DOCTYPE html>\n<html><head><title>Story</title></head><body>Not a photo</body></html>"


def _image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


PNG = _image_bytes("PNG")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.seen.append((self.path, dict(self.headers.items())))
        route, _, arg = self.path.lstrip("/").partition("?")[0].partition("/")
        getattr(self, f"_{route.replace('-', '_')}", self._missing)(arg)

    def _image(self, _: str) -> None:
        self._send(200, PNG, "image/png")

    def _page(self, _: str) -> None:
        self._send(200, HTML, "image/png")  # the header lies; the bytes are HTML

    def _large(self, _: str) -> None:
        self.send_response(200)
        self.end_headers()  # no Content-Length: only streaming can notice the size
        self._write(b"\x89PNG\r\n\x1a\n" + b"\0" * 50_000)

    def _lying_length(self, _: str) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "10000000")
        self.end_headers()
        self._write(PNG)
        self.server.stop.wait(5)  # reading to the declared end would hang here

    def _redirect(self, arg: str) -> None:
        hops = int(arg)
        self._goto("/image" if hops <= 1 else f"/redirect/{hops - 1}")

    def _absolute_redirect(self, _: str) -> None:
        self._goto(f"http://127.0.0.1:{self.server.server_port}/image")

    def _to_metadata(self, _: str) -> None:
        self._goto("http://169.254.169.254/latest/meta-data/")

    def _to_intranet(self, _: str) -> None:
        self._goto(f"http://intranet.example.test:{self.server.server_port}/image")

    def _slow(self, _: str) -> None:
        self.server.stop.wait(3)
        self._send(200, PNG, "image/png")

    def _trickle(self, _: str) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(100):
            if not self._write(b"\0") or self.server.stop.wait(0.05):
                return

    def _missing(self, _: str) -> None:
        self._send(404, b"not here", "text/plain")

    def _goto(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._write(body)

    def _write(self, data: bytes) -> bool:
        try:
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except OSError:  # the client gave up, as it should
            return False

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()
        self.sni: list[str | None] = []

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def _serve(server: _Server) -> Iterator[_Server]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def _http_server() -> Iterator[_Server]:
    yield from _serve(_Server())


@pytest.fixture()
def server(_http_server: _Server) -> _Server:
    _http_server.seen.clear()
    return _http_server


def _settings(**overrides: object) -> Settings:
    values: dict[str, object] = dict(
        allow_private_urls=True, fetch_timeout_s=2.0, max_image_bytes=20_000, max_redirects=3
    )
    values.update(overrides)
    return Settings(**values)


def _url(server: _Server, path: str, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{server.server_port}{path}"


def _refusal(url: str, settings: Settings, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as caught:
        fetch_image_bytes(url, settings, FIELD, **kwargs)
    assert caught.value.field == FIELD
    return caught.value


def _fake_resolver(table: dict[str, list[str]], calls: list[tuple[str, int]] | None = None):
    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append((host, port))
        return table[host]

    return resolve


def test_loopback_is_refused_by_default(server: _Server) -> None:
    err = _refusal(_url(server, "/image"), _settings(allow_private_urls=False))
    assert "private/loopback addresses are not allowed" in str(err)
    assert "CAPTIONCHECK_ALLOW_PRIVATE_URLS" in str(err)
    assert "127.0.0.1 (loopback)" in str(err)
    assert server.seen == []


def test_loopback_is_fetched_when_private_urls_are_allowed(server: _Server) -> None:
    assert fetch_image_bytes(_url(server, "/image"), _settings(), FIELD) == PNG
    assert server.seen[0][1]["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("Captioncheck/") and USER_AGENT.endswith(" (+image fetch)")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/a.jpg", "file:///etc/passwd", "gopher://x/1", "//x/y.png"])
def test_other_schemes_are_refused(url: str) -> None:
    assert "only http(s) image URLs are fetched" in str(_refusal(url, _settings()))


def test_credentials_in_the_url_are_refused(server: _Server) -> None:
    assert "user name or password" in str(_refusal(_url(server, "/image", "u:p@127.0.0.1"), _settings()))


def test_redirect_chain_is_followed_up_to_the_limit(server: _Server) -> None:
    assert fetch_image_bytes(_url(server, "/redirect/3"), _settings(max_redirects=3), FIELD) == PNG
    assert [path for path, _ in server.seen] == ["/redirect/3", "/redirect/2", "/redirect/1", "/image"]
    assert fetch_image_bytes(_url(server, "/absolute-redirect"), _settings(), FIELD) == PNG


def test_too_many_redirects_are_refused(server: _Server) -> None:
    err = _refusal(_url(server, "/redirect/4"), _settings(max_redirects=3))
    assert "too many redirects" in str(err) and "CAPTIONCHECK_MAX_REDIRECTS" in str(err)
    assert len(server.seen) == 4


def _loopback_only(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    return None if ip == ipaddress.ip_address("127.0.0.1") else address_refusal(ip)


def test_redirect_to_cloud_metadata_is_refused(server: _Server) -> None:
    settings = _settings(allow_private_urls=False)
    err = _refusal(_url(server, "/to-metadata"), settings, classify=_loopback_only)
    assert "169.254.169.254 (cloud metadata)" in str(err)
    assert "redirected from" in str(err) and "CAPTIONCHECK_ALLOW_PRIVATE_URLS" in str(err)
    assert [path for path, _ in server.seen] == ["/to-metadata"]


def test_redirect_to_a_name_resolving_to_the_intranet_is_refused(server: _Server) -> None:
    resolve = _fake_resolver({"127.0.0.1": ["127.0.0.1"], "intranet.example.test": ["10.1.2.3"]})
    settings = _settings(allow_private_urls=False)
    err = _refusal(_url(server, "/to-intranet"), settings, resolve=resolve, classify=_loopback_only)
    assert "intranet.example.test resolves to 10.1.2.3 (private)" in str(err)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "224.0.0.1", "240.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fec0::1", "ff02::1", "::ffff:10.0.0.1",
     "::ffff:127.0.0.1", "fd00:ec2::254", "2002:a00:1::", "64:ff9b::a9fe:a9fe"],
)
def test_classifier_refuses_non_public_addresses(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700::1111", "::ffff:93.184.216.34", "64:ff9b::5db8:d822"]
)
def test_classifier_allows_public_addresses(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_any_private_answer_refuses_the_host() -> None:
    resolve = _fake_resolver({"mixed.example.test": ["93.184.216.34", "10.0.0.1"]})
    err = _refusal("http://mixed.example.test/a.png", _settings(allow_private_urls=False), resolve=resolve)
    assert "10.0.0.1 (private)" in str(err)


def test_connection_goes_to_the_checked_address_with_the_real_host(server: _Server) -> None:
    calls: list[tuple[str, int]] = []
    resolve = _fake_resolver({"images.example.test": ["127.0.0.1"]}, calls)
    url = _url(server, "/image?size=large", "images.example.test")
    assert fetch_image_bytes(url, _settings(), FIELD, resolve=resolve) == PNG
    assert calls == [("images.example.test", server.server_port)]  # resolved once, never again
    path, headers = server.seen[0]
    assert path == "/image?size=large"
    assert headers["Host"] == f"images.example.test:{server.server_port}"


def test_body_over_the_limit_is_refused_while_streaming(server: _Server) -> None:
    err = _refusal(_url(server, "/large"), _settings(max_image_bytes=20_000))
    assert "over the limit of 20,000" in str(err) and "CAPTIONCHECK_MAX_IMAGE_BYTES" in str(err)


def test_declared_length_over_the_limit_is_refused_before_reading(server: _Server) -> None:
    started = time.monotonic()
    err = _refusal(_url(server, "/lying-length"), _settings(fetch_timeout_s=5.0))
    assert "10,000,000 bytes" in str(err)
    assert time.monotonic() - started < 1.0


def test_html_is_refused_whatever_the_content_type(server: _Server) -> None:
    assert "is not an image (looks like HTML)" in str(_refusal(_url(server, "/page"), _settings()))


def test_error_status_is_named(server: _Server) -> None:
    assert "HTTP 404 Not Found" in str(_refusal(_url(server, "/nothing-here"), _settings()))


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_timeout_is_a_quick_input_error(server: _Server, path: str) -> None:
    started = time.monotonic()
    err = _refusal(_url(server, path), _settings(fetch_timeout_s=0.3))
    assert "timed out after 0.3s" in str(err) and "CAPTIONCHECK_FETCH_TIMEOUT_S" in str(err)
    assert time.monotonic() - started < 1.5


def test_unresolvable_host_is_an_input_error() -> None:
    def resolve(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    assert "could not resolve host nowhere.example.test" in str(
        _refusal("http://nowhere.example.test/a.png", _settings(), resolve=resolve)
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_sniff_recognises_accepted_formats(fmt: str) -> None:
    assert sniff_image_format(_image_bytes(fmt)) == fmt


@pytest.mark.parametrize("data", [b"", HTML, b"BM" + b"\0" * 60, b'{"image": 1}', _image_bytes("BMP")])
def test_sniff_rejects_everything_else(data: bytes) -> None:
    assert sniff_image_format(data) is None


# HTTPS: the connection goes to 127.0.0.1 but SNI and the certificate check use the real name.

_OPENSSL = shutil.which("openssl")


def _make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    def run(*args: str) -> None:
        subprocess.run([_OPENSSL, *args], cwd=folder, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=Test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("req", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=images.example.test")
    (folder / "leaf.ext").write_text(
        "subjectAltName=DNS:images.example.test\nbasicConstraints=CA:FALSE\nauthorityKeyIdentifier=keyid\n"
    )
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "leaf.pem", "-days", "1", "-extfile", "leaf.ext")
    return folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key"


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[_Server, ssl.SSLContext]]:
    if _OPENSSL is None:
        pytest.skip("openssl command not available to make a test certificate")
    ca, cert, key = _make_certificates(tmp_path_factory.mktemp("tls"))
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    server = _Server()
    server_context.sni_callback = lambda sock, name, ctx: server.sni.append(name)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    for running in _serve(server):
        yield running, ssl.create_default_context(cafile=str(ca))


def test_https_uses_the_real_name_for_sni_and_certificate(
    https_server: tuple[_Server, ssl.SSLContext],
) -> None:
    server, client_context = https_server
    resolve = _fake_resolver({"images.example.test": ["127.0.0.1"]})
    url = f"https://images.example.test:{server.server_port}/image"
    assert fetch_image_bytes(url, _settings(), FIELD, resolve=resolve, ssl_context=client_context) == PNG
    assert server.sni[-1] == "images.example.test"
    assert server.seen[-1][1]["Host"] == f"images.example.test:{server.server_port}"


def test_https_certificate_for_another_name_is_refused(https_server: tuple[_Server, ssl.SSLContext]) -> None:
    server, client_context = https_server
    resolve = _fake_resolver({"other.example.test": ["127.0.0.1"]})
    url = f"https://other.example.test:{server.server_port}/image"
    err = _refusal(url, _settings(), resolve=resolve, ssl_context=client_context)
    assert "could not connect to other.example.test" in str(err) and "certificate" in str(err).lower()
