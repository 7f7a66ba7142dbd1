"""A real JupyterHub on 127.0.0.1 for the hub test and the benchmark: configurable-http-proxy from npm, the dummy
authenticator, the local process spawner (every learner one OS user: for tests and demos only), a group of learners,
a facilitator role scoped to the group, and the collector service. Everything it drives goes through the hub's REST
API and the proxy, as a browser or a script of the hospital's would.

    with TrialHub.start(workdir, groups={"cohort-a": ["ana", "ben"]}, facilitators={"cohort-a": ["fay"]}) as hub:
        hub.start_servers(["ana", "ben"])
        hub.run("ana", "import secondline")  # in a new kernel of ana's server, with ana's own token
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import secondline

from .collector import SCOPE as COLLECT

SRC = Path(secondline.__file__).resolve().parents[1]  # the package's folder on sys.path (src/ in a checkout)
REPO = SRC.parent


class HubError(RuntimeError):
    """The trial hub did not start or answer as expected; the message says what, with the log's tail."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command(root: Path = REPO) -> str:
    """configurable-http-proxy as package-lock.json pins it (installed with `npm ci` if missing)."""
    from ..editions.assets import ensure_node_modules

    ensure_node_modules(root, "configurable-http-proxy")
    return str(root / "node_modules" / ".bin" / "configurable-http-proxy")


def hub_roles(facilitators: dict[str, list[str]]) -> list[dict]:
    """The roles the collector needs: every user may open it, it may read groups and reach servers, and each
    facilitator may collect their group only. deploy/jupyterhub/ writes the same (tests/test_deploy_hub.py)."""
    return [{"name": "user", "scopes": ["self", "access:services!service=collector"]},
            {"name": "collector", "services": ["collector"],
             "scopes": ["list:groups", "read:groups", "list:users", "read:users:name", "read:servers",
                        "access:servers"]}] + [
            {"name": f"facilitator-{g}", "users": sorted(who),
             "scopes": [f"{COLLECT}!group={g}", "access:services!service=collector"]}
            for g, who in facilitators.items()]


def hub_config(work: Path, *, port: int, hub_port: int, api_port: int, collector_port: int, token: str,
               groups: dict[str, list[str]], facilitators: dict[str, list[str]], proxy: str,
               cache: Path | None) -> str:
    """jupyterhub_config.py for the trial: the same groups, roles, scopes and service as deploy/jupyterhub/."""
    users = sorted({u for g in groups.values() for u in g} | {u for f in facilitators.values() for u in f})
    singleuser = [sys.executable, "-m", "jupyterhub.singleuser"] + (["--allow-root"] if os.geteuid() == 0 else [])
    env = {"PYTHONPATH": str(SRC), "SECONDLINE_CACHE": str(cache) if cache else "off"}
    roles = hub_roles(facilitators) + [{"name": "admin", "services": ["trial"]}]
    services = [{"name": "collector", "url": f"http://127.0.0.1:{collector_port}",
                 "command": [sys.executable, "-m", "secondline.hub.collector"],
                 "environment": env | {"SECONDLINE_HUB_URL": f"http://127.0.0.1:{port}"},
                 "oauth_no_confirm": True, "oauth_client_allowed_scopes": [COLLECT]},
                {"name": "trial", "api_token": token}]
    return f'''# Written by secondline.hub.trial for one test or benchmark run.
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {secrets.token_hex(16)!r}
c.JupyterHub.db_url = "sqlite:///{work / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret = bytes.fromhex({secrets.token_hex(32)!r})
c.JupyterHub.pid_file = "{work / 'jupyterhub.pid'}"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(users)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work / 'home'}/{{username}}"
c.Spawner.cmd = {singleuser!r}
c.Spawner.args = ["--ServerApp.jpserver_extensions=secondline.hub.record_api=True"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {env!r}
# Each learner's record in their home folder, not a hidden path (deploy/jupyterhub/ puts it on their volume).
c.Spawner.environment["SECONDLINE_PROGRESS_DB"] = lambda spawner: spawner.home_dir + "/secondline/progress.sqlite3"
c.JupyterHub.custom_scopes = {{{COLLECT!r}: {{"description": "Collect the Second Line records of a group's learners"}}}}
c.JupyterHub.load_groups = {{g: {{"users": u}} for g, u in {groups!r}.items()}}
c.JupyterHub.load_roles = {roles!r}
c.JupyterHub.services = {services!r}
'''


@dataclass
class TrialHub:
    work: Path
    url: str  # the proxy: http://127.0.0.1:PORT
    token: str  # the trial service's admin token
    proc: subprocess.Popen
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, work: Path, groups: dict[str, list[str]], facilitators: dict[str, list[str]],
              timeout: float = 90, cache: Path | None = None) -> TrialHub:
        work = Path(work).resolve()
        work.mkdir(parents=True, exist_ok=True)
        ports = dict(port=free_port(), hub_port=free_port(), api_port=free_port(), collector_port=free_port())
        token = secrets.token_hex(24)
        (work / "jupyterhub_config.py").write_text(hub_config(
            work, token=token, groups=groups, facilitators=facilitators, proxy=proxy_command(), cache=cache,
            **ports))
        log = work / "jupyterhub.log"
        env = os.environ | {"PYTHONPATH": str(SRC)}
        with open(log, "wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(work / "jupyterhub_config.py")],
                                    cwd=work, stdout=out, stderr=subprocess.STDOUT, env=env,
                                    start_new_session=True)
        hub = cls(work, f"http://127.0.0.1:{ports['port']}", token, proc, log)
        try:
            hub._wait(lambda: hub.api("GET", "/info") and hub._service_up(), timeout, "the hub and the collector")
        except BaseException:
            hub.close()
            raise
        return hub

    def __enter__(self) -> TrialHub:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the hub and everything it started (proxy, collector, learners' servers and any kernel left) with one
        SIGTERM each, all at once, rather than the hub stopping them one after another; SIGKILL what is left."""
        import psutil  # a dependency of ipykernel

        if self.proc.poll() is not None:
            return
        try:
            procs = [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            procs = []
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.send_signal(signal.SIGTERM)
        _, alive = psutil.wait_procs(procs, timeout=15)
        for p in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
        self.proc.wait(10)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def _wait(self, ready, timeout: float, what: str) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise HubError(f"jupyterhub exited ({self.proc.returncode}) waiting for {what}:\n{self.log_tail()}")
            try:
                if ready():
                    return
            except (OSError, HubError):
                pass
            time.sleep(0.1)
        raise HubError(f"{what} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def _service_up(self) -> bool:
        status, _ = self.request("GET", "/services/collector/", token=None)
        return status in (302, 403, 200)

    # ---- HTTP through the proxy, as any client would
    def request(self, method: str, path: str, token: str | None = None, body: dict | None = None,
                timeout: float = 30) -> tuple[int, bytes]:
        """(status, body) of one request to the proxy; redirects are not followed."""
        req = urllib.request.Request(self.url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        if token:
            req.add_header("Authorization", f"token {token}")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def api(self, method: str, path: str, body: dict | None = None, token: str | None = None, ok=(200, 201, 202, 204)):
        status, data = self.request(method, "/hub/api" + path, token or self.token, body)
        if status not in ok:
            raise HubError(f"{method} /hub/api{path} answered {status}: {data[:300]!r}")
        return json.loads(data) if data else None

    # ---- learners
    def user_token(self, name: str) -> str:
        """An API token of this user's own (the user's permissions), as the user would make on the token page."""
        if name not in self.tokens:
            self.tokens[name] = self.api("POST", f"/users/{name}/tokens", {"note": "trial"})["token"]
        return self.tokens[name]

    def start_servers(self, names: list[str], timeout: float = 180) -> None:
        """Ask the hub to start every learner's server at once (the hub answers each request only when that server
        is up or after 10 s, so asking one by one would queue them), then wait until every one is ready."""
        with ThreadPoolExecutor(max(1, len(names))) as pool:
            list(pool.map(lambda n: self.api("POST", f"/users/{n}/server"), names))

        def ready():
            return all(((self.api("GET", f"/users/{n}").get("servers") or {}).get("") or {}).get("ready")
                       for n in names)
        self._wait(ready, timeout, f"servers of {', '.join(names)}")

    def run(self, name: str, code: str, timeout: float = 120) -> str:
        """Run code in a new kernel of this learner's server (REST and the kernel's websocket, through the proxy,
        with the learner's own token); the text it printed. A Python error in the code is a HubError."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.run_async(name, code, timeout))
        # Called where an event loop already runs (Playwright's sync API, a notebook): run it in a thread of its own.
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(lambda: asyncio.run(self.run_async(name, code, timeout))).result()

    async def run_async(self, name: str, code: str, timeout: float = 120) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        token = self.user_token(name)
        status, body = await asyncio.to_thread(self.request, "POST", f"/user/{name}/api/kernels", token,
                                               {"name": "python3"})
        if status != 201:
            raise HubError(f"{name}: starting a kernel answered {status}: {body[:300]!r}")
        kid = json.loads(body)["id"]
        ws_url = self.url.replace("http://", "ws://") + f"/user/{name}/api/kernels/{kid}/channels"
        conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
        try:
            msg_id = uuid.uuid4().hex
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": name, "session": uuid.uuid4().hex, "msg_type":
                           "execute_request", "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            out, reply, idle = [], None, False
            end = time.monotonic() + timeout
            while reply is None or not idle:
                left = end - time.monotonic()
                if left <= 0:
                    raise HubError(f"{name}: the code did not finish in {timeout:.0f} s")
                raw = await asyncio.wait_for(conn.read_message(), left)
                if raw is None:
                    raise HubError(f"{name}: the kernel's websocket closed")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    out.append("\n".join(msg["content"]["traceback"]))
                elif kind == "execute_reply":
                    reply = msg["content"]
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
            if reply.get("status") != "ok":
                raise HubError(f"{name}: the code failed: {reply.get('ename')}: {reply.get('evalue')}\n{''.join(out)}")
            return "".join(out)
        finally:
            conn.close()
            await asyncio.to_thread(self.request, "DELETE", f"/user/{name}/api/kernels/{kid}", token)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --------------------------------------------------------------------------- a module's answers, as a learner gives them

ANSWER_CODE = """
import secondline
from secondline.record.recorder import shared_store
shared_store().set_display_name({display!r})
m = secondline.module({slug!r})
for item, choice in {answers!r}:
    q = m.quiz(item)
    q.choices.index = choice
    q.check.click()
m.complete_button().mark.click()
print(type(shared_store()).__name__, shared_store().count_attempts())
"""


def module_answers(slug: str, learner: int) -> list[tuple[str, int]]:
    """Each quiz item of the module with a choice that differs from learner to learner (item j: option i+j)."""
    from ..content.cache import cached

    items = cached().module(slug).quiz.items
    return [(it.id, (learner + j) % len(it.options)) for j, it in enumerate(items)]


def answer_module(hub: TrialHub, name: str, slug: str, answers: list[tuple[str, int]], display: str = "") -> str:
    return hub.run(name, ANSWER_CODE.format(slug=slug, answers=answers, display=display or name))


def remove(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
