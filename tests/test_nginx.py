"""The shipped web server configuration (deploy/nginx.conf), run in a real nginx.

`make test` installs Debian's nginx (scripts/ensure-system-deps.sh). The test copies the file,
changes only what a test machine needs (the site folder, local ports, a throw-away certificate)
and serves the built site with it over HTTPS: the security headers on pages and on error pages,
the language's own "not found" page, no bare 403 for a folder without a page, compression, and
the redirect from plain HTTP.
"""
from __future__ import annotations

import gzip
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from conftest import NGINX_CONF, free_port, security_headers
from handreiking.i18n import t

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)


def _replace(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence: if deploy/nginx.conf changes shape, say so."""
    assert text.count(old) == 1, f"deploy/nginx.conf: expected '{old}' once; adapt this test"
    return text.replace(old, new)


def test_config_names_the_places_a_deployment_fills_in():
    """The example keeps the placeholders this test (and a deployer) replaces."""
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for needle in ("root /var/www/handreiking;", "listen 443 ssl", "listen 80;",
                   "# ssl_certificate"):
        assert conf.count(needle) == 1, needle


@pytest.fixture(scope="module")
def nginx(site_dir, tmp_path_factory):
    """(https port, http port) of an nginx serving site/ with deploy/nginx.conf."""
    assert NGINX, ("nginx is not installed: `make test` installs it "
                   "(scripts/ensure-system-deps.sh test), or: sudo apt-get install -y nginx")
    tmp = tmp_path_factory.mktemp("nginx")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    https, plain = free_port(), free_port()
    server = NGINX_CONF.read_text(encoding="utf-8")
    server = _replace(server, "root /var/www/handreiking;", f"root {site_dir};")
    server = _replace(server, "listen 443 ssl", f"listen 127.0.0.1:{https} ssl")
    server = _replace(server, "listen 80;", f"listen 127.0.0.1:{plain};")
    server = _replace(server, "# ssl_certificate",
                      f"ssl_certificate {cert}; ssl_certificate_key {key}; #")
    temps = "\n".join(f"    {name}_temp_path {tmp / name};"
                      for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    conf.write_text(f"""daemon off;
master_process off;
pid {tmp / 'nginx.pid'};
error_log {tmp / 'error.log'} warn;
events {{}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temps}
{server}
}}
""", encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(conf)],
                           capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refuses deploy/nginx.conf:\n{check.stderr}"
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", https), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("nginx did not start:\n" + (tmp / "error.log").read_text()
                            if (tmp / "error.log").exists() else "nginx did not start")
            time.sleep(0.1)
    yield https, plain
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _get(port: int, path: str, tls: bool = True, gzip_ok: bool = False):
    """(status, headers with lower-case names, body bytes) of one GET."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the throw-away certificate of this test
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = conn.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        conn.close()


def _lang(body: bytes) -> str | None:
    m = re.search(rb'<html lang="([a-z]+)"', body)
    return m.group(1).decode() if m else None


def test_pages_and_error_pages_carry_every_security_header(nginx):
    https, _ = nginx
    expected = {name.lower(): value for name, value in security_headers().items()}
    assert "strict-transport-security" in expected
    for path, status in (("/", 200), ("/versies/", 200), ("/en/", 200),
                         ("/bestaat-niet/", 404), ("/en/does-not-exist/", 404)):
        got, headers, _ = _get(https, path)
        assert got == status, path
        for name, value in expected.items():
            assert headers.get(name) == value, (path, name, headers.get(name))


def test_not_found_in_the_readers_language_and_no_bare_forbidden(nginx, site_dir):
    https, _ = nginx
    for path, lang in (("/bestaat-niet/", "nl"), ("/en/does-not-exist/", "en")):
        status, _, body = _get(https, path)
        assert (status, _lang(body)) == (404, lang), path
        # In the reader's language (Material's own page says "404 - Not found" in English).
        text = body.decode("utf-8")
        assert f"<h1>{t(lang, 'theme.not_found_title')}</h1>" in text, path
        assert b"404 - Not found" not in body, path
        home = re.search(r'<p><a href="([^"]+)">' + re.escape(t(lang, "theme.not_found_home")),
                         text)
        assert home and _get(https, home.group(1))[0] == 200, (path, home and home.group(1))
    # Folders that exist but have no page of their own (found in the build, not listed here).
    folders = sorted("/" + d.relative_to(site_dir).as_posix() + "/"
                     for d in site_dir.rglob("*") if d.is_dir() and not (d / "index.html").exists())
    assert folders, "expected folders without an index.html (e.g. assets/)"
    for path in folders[:40]:
        status, _, body = _get(https, path)
        assert status == 404, f"{path}: {status} (nginx's bare 403 instead of the site's page?)"
        assert _lang(body) == ("en" if path.startswith("/en/") else "nl"), path


def test_text_is_compressed(nginx):
    https, _ = nginx
    for path in ("/", "/assets/css/handreiking.css"):
        status, headers, body = _get(https, path, gzip_ok=True)
        assert status == 200 and headers.get("content-encoding") == "gzip", path
        assert gzip.decompress(body)  # really gzip


def test_plain_http_redirects_to_https(nginx):
    _, plain = nginx
    status, headers, _ = _get(plain, "/versies/?x=1", tls=False)
    assert status == 301
    assert re.fullmatch(r"https://[^/]+/versies/\?x=1", headers["location"]), headers["location"]
