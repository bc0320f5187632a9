"""Real sync servers for the tests: PostgreSQL and Miniflux on 127.0.0.1.

.ci/sync-servers.sh installs PostgreSQL and builds Miniflux into
.cache/miniflux; here they are started in a throwaway folder and stopped
afterwards. When something is missing, ``missing()`` says exactly what, and
the tests that need the servers skip with that reason.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIFLUX_DIR = ROOT / ".cache" / "miniflux"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "test-password-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def miniflux_binary() -> Path | None:
    # Go 1.26 names the binary after the module's last element that is not a version: miniflux.app.
    for name in ("miniflux.app", "v2", "miniflux"):
        path = MINIFLUX_DIR / name
        if path.is_file() and os.access(path, os.X_OK):
            return path
    found = shutil.which("miniflux")
    return Path(found) if found else None


def pg_bin() -> Path | None:
    for pattern in ("/usr/lib/postgresql/*/bin",):
        for folder in sorted(glob.glob(pattern), reverse=True):
            if Path(folder, "initdb").exists():
                return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing() -> str | None:
    """Why the real servers cannot run here, or None."""
    if pg_bin() is None:
        return "PostgreSQL is not installed (no initdb; run .ci/sync-servers.sh)"
    if miniflux_binary() is None:
        return f"no Miniflux binary in {MINIFLUX_DIR} (run .ci/sync-servers.sh; see .cache/miniflux-build.log)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: PostgreSQL will not run as root"
    return None


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Postgres:
    def __init__(self) -> None:
        self.bin = pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="reader-pg-"))
        self.port = free_port()
        self.data = self.dir / "data"

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        run = lambda cmd: subprocess.run(_as_postgres(cmd), check=True, capture_output=True, text=True, timeout=120)
        run([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"])
        run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.dir / "log"),
             "-o", f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off", "start"])

    def createdb(self, name: str) -> str:
        subprocess.run(_as_postgres([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                     "-U", "postgres", name]), check=True, capture_output=True, timeout=60)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def sql(self, db: str, statement: str) -> str:
        done = subprocess.run(_as_postgres([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
                                            "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-At",
                                            "-c", statement]),
                              check=True, capture_output=True, text=True, timeout=60)
        return done.stdout.strip()

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)


class Miniflux:
    """One Miniflux process on its own database, with an admin account."""

    def __init__(self, pg: Postgres, name: str = "miniflux") -> None:
        self.pg = pg
        self.db_name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = pg.dir / f"{name}.log"
        self.greader_user = "greader-admin"
        self.greader_password = ADMIN_PASSWORD  # the same bcrypt hash as the login (see enable_greader)

    def start(self) -> None:
        if not getattr(self, "database_url", None):
            self.database_url = self.pg.createdb(self.db_name)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DATABASE_URL": self.database_url,
            "RUN_MIGRATIONS": "1",
            "CREATE_ADMIN": "1",
            "ADMIN_USERNAME": ADMIN_USER,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "LISTEN_ADDR": f"127.0.0.1:{self.port}",
            "BASE_URL": self.url + "/",
            # Tests serve their feeds from 127.0.0.1, which Miniflux refuses unless told.
            "FETCHER_ALLOW_PRIVATE_NETWORKS": "1",
            "POLLING_FREQUENCY": "1440",
            "BATCH_SIZE": "1",
            "WORKER_POOL_SIZE": "2",
            "LOG_LEVEL": "info",
        }
        self.proc = subprocess.Popen([str(miniflux_binary())], env=env, stdout=open(self.log, "ab"),
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"miniflux exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthcheck", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"miniflux did not answer /healthcheck within 60 s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def enable_greader(self, username: str = ADMIN_USER) -> str:
        """Turn on the Google Reader API for a user: there is no API call, only the settings page or SQL.

        Its Google Reader login is 'gr-USERNAME' with the user's own password (the hash is copied).
        """
        user_id = self.pg.sql(self.db_name, f"SELECT id FROM users WHERE username = '{username}'")
        exists = self.pg.sql(self.db_name, f"SELECT count(*) FROM integrations WHERE user_id = {user_id}")
        if exists == "0":
            self.pg.sql(self.db_name, f"INSERT INTO integrations (user_id) VALUES ({user_id})")
        self.pg.sql(self.db_name,
                    "UPDATE integrations SET googlereader_enabled = 't', "
                    f"googlereader_username = 'gr-{username}', "
                    f"googlereader_password = (SELECT password FROM users WHERE id = {user_id}) "
                    f"WHERE user_id = {user_id}")
        return f"gr-{username}"

    def create_user(self, username: str, password: str = ADMIN_PASSWORD) -> "MinifluxUser":
        self.api("POST", "/v1/users", {"username": username, "password": password})
        return MinifluxUser(self, username, password)

    # -- the server's own view, through its API (what its web page shows) --

    def api(self, method: str, path: str, body: object | None = None, *, user: str = ADMIN_USER,
            password: str = ADMIN_PASSWORD) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as r:
            raw = r.read()
        return json.loads(raw) if raw else None


class MinifluxUser:
    """One user of the shared Miniflux: each test has its own, so tests do not see each other's feeds."""

    def __init__(self, server: Miniflux, username: str, password: str):
        self.server, self.username, self.password = server, username, password

    def api(self, method: str, path: str, body: object | None = None) -> object:
        return self.server.api(method, path, body, user=self.username, password=self.password)

    def subscribe(self, feed_url: str, folder: str = "News") -> int:
        category = self.api("POST", "/v1/categories", {"title": folder})
        return self.api("POST", "/v1/feeds", {"feed_url": feed_url, "category_id": category["id"]})["feed_id"]

    def entries(self, feed_id: int) -> dict[str, dict]:
        """The server's entries of a feed, by their link (what its web page shows)."""
        answer = self.api("GET", f"/v1/feeds/{feed_id}/entries?limit=1000")
        return {e["url"]: e for e in answer["entries"]}


TTRSS_SHARE = Path("/usr/share/tt-rss")
TTRSS_PASSWORD = "password"  # the schema's admin, whose hash the schema ships (SHA1 of "password")


def ttrss_missing() -> str | None:
    if pg_bin() is None:
        return "PostgreSQL is not installed (no initdb; run .ci/sync-servers.sh)"
    if not (TTRSS_SHARE / "www" / "api" / "index.php").exists():
        return "Tiny Tiny RSS is not installed (/usr/share/tt-rss; run .ci/sync-servers.sh)"
    if shutil.which("php") is None:
        return "php is not installed (run .ci/sync-servers.sh)"
    return None


class TTRss:
    """Debian's Tiny Tiny RSS 21 under `php -S` on 127.0.0.1, with its own database.

    Version 21 does not fetch feeds from 127.0.0.1 on a port other than 80/443
    (its URL checks drop the port), so tests put articles in through its
    database (add_feed, add_entry), as its updater would.
    """

    def __init__(self, pg: Postgres, name: str = "ttrss"):
        self.pg = pg
        self.db_name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.root = pg.dir / name
        self.proc: subprocess.Popen | None = None
        self.log = pg.dir / f"{name}.log"
        self._guid = 0

    def start(self) -> None:
        self.pg.createdb(self.db_name)
        schema = TTRSS_SHARE / "schema" / "ttrss_schema_pgsql.sql"
        subprocess.run(_as_postgres([str(self.pg.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.pg.port),
                                     "-U", "postgres", "-d", self.db_name, "-q", "-v", "ON_ERROR_STOP=1",
                                     "-f", str(schema)]), check=True, capture_output=True, timeout=120)
        self.pg.sql(self.db_name, "INSERT INTO ttrss_user_prefs (owner_uid, pref_name, value) "
                                  "VALUES (1, 'ENABLE_API_ACCESS', 'true')")
        # Its relative links break unless the tree is copied with them followed.
        subprocess.run(["cp", "-rL", str(TTRSS_SHARE / "www"), str(self.root)], check=True, timeout=120)
        for folder in ("lock", "cache", "cache/images", "cache/upload", "cache/export", "cache/feeds"):
            (self.pg.dir / "ttrss-var" / folder).mkdir(parents=True, exist_ok=True)
        config = self.root / "config.php"
        config.unlink(missing_ok=True)
        var = self.pg.dir / "ttrss-var"
        config.write_text(f"""<?php
define('DB_TYPE', 'pgsql'); define('DB_HOST', '127.0.0.1'); define('DB_USER', 'postgres');
define('DB_NAME', '{self.db_name}'); define('DB_PASS', ''); define('DB_PORT', '{self.pg.port}');
define('MYSQL_CHARSET', 'UTF8'); define('SELF_URL_PATH', '{self.url}/');
define('SINGLE_USER_MODE', false); define('SIMPLE_UPDATE_MODE', false);
define('PHP_EXECUTABLE', '/usr/bin/php'); define('LOCK_DIRECTORY', '{var}/lock');
define('CACHE_DIR', '{var}/cache'); define('ICONS_DIR', 'feed-icons'); define('ICONS_URL', 'feed-icons');
define('AUTH_AUTO_CREATE', true); define('AUTH_AUTO_LOGIN', true); define('FORCE_ARTICLE_PURGE', 0);
define('ENABLE_REGISTRATION', false); define('REG_NOTIFY_ADDRESS', 'nobody@localhost'); define('REG_MAX_USERS', 10);
define('SESSION_COOKIE_LIFETIME', 86400); define('SMTP_FROM_NAME', 'tt-rss'); define('SMTP_FROM_ADDRESS', 'nobody@localhost');
define('DIGEST_SUBJECT', 'digest'); define('CHECK_FOR_UPDATES', false); define('ENABLE_GZIP_OUTPUT', false);
define('PLUGINS', 'auth_internal'); define('LOG_DESTINATION', ''); define('CONFIG_VERSION', 26);
""")
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", str(self.root), str(var)], check=True, timeout=60)
        self.proc = subprocess.Popen(_as_postgres(["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.root)]),
                                     stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"php -S exited: {self.log.read_text()[-2000:]}")
            try:
                answer = self.api({"op": "getApiLevel"})
                if "status" in answer:
                    return
            except (OSError, ValueError):
                time.sleep(0.2)
        raise RuntimeError(f"tt-rss did not answer within 60 s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def api(self, body: dict) -> dict:
        request = urllib.request.Request(self.url + "/api/", data=json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.loads(r.read())

    def add_feed(self, title: str, url: str, category: str = "") -> int:
        cat = "NULL"
        if category:
            cat = self.pg.sql(self.db_name, f"INSERT INTO ttrss_feed_categories (owner_uid, title) "
                                            f"VALUES (1, '{category}') RETURNING id").splitlines()[0]
        return int(self.pg.sql(self.db_name, f"INSERT INTO ttrss_feeds (owner_uid, title, feed_url, cat_id) "
                                             f"VALUES (1, '{title}', '{url}', {cat}) RETURNING id").splitlines()[0])

    def add_entry(self, feed_id: int, title: str, link: str, content: str) -> int:
        self._guid += 1
        entry = self.pg.sql(self.db_name,
                            "INSERT INTO ttrss_entries (title, guid, link, updated, content, content_hash, "
                            "date_entered, date_updated) VALUES "
                            f"('{title}', 'g{self._guid}-{feed_id}', '{link}', now(), '{content}', 'h{self._guid}', "
                            "now(), now()) RETURNING id").splitlines()[0]
        self.pg.sql(self.db_name, "INSERT INTO ttrss_user_entries (ref_id, uuid, feed_id, owner_uid, tag_cache, "
                                  f"label_cache) VALUES ({entry}, '', {feed_id}, 1, '', '')")
        return int(entry)

    def entry_state(self, entry_id: int) -> tuple[bool, bool]:
        """(read, starred) as the server holds them."""
        row = self.pg.sql(self.db_name, f"SELECT unread, marked FROM ttrss_user_entries WHERE ref_id = {entry_id}")
        unread, marked = row.split("|")
        return unread == "f", marked == "t"
