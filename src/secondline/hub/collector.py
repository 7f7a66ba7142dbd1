"""The facilitators' collector: a JupyterHub service (`python -m secondline.hub.collector`), signed in through the
hub (HubOAuth), that gathers the records of a group's learners and serves, for that group only:

- /groups/NAME/report       the cohort report (record/report.py), made from each learner's record as it is now
- /groups/NAME/live         the live view: for the item the room answered last, how many chose each option
- /groups/NAME/live.json    what the live view shows, as JSON (counts only, never names)
- /groups/NAME/records/USER.json   one learner's exported record, for the program manager's files

Who may see a group: a user whose token holds `custom:secondline:collect!group=NAME` (or the scope unfiltered),
given by a facilitator role scoped to the group (deploy/jupyterhub/). Anyone else gets 403. The service reads each
learner's record from their own server (record_api.py) with its own token, which needs `access:servers`; a learner's
token cannot reach another learner's server, and the hub says 403.

Environment: what JupyterHub gives a service (JUPYTERHUB_API_TOKEN, JUPYTERHUB_API_URL, JUPYTERHUB_SERVICE_URL,
JUPYTERHUB_SERVICE_PREFIX), plus SECONDLINE_HUB_URL: the proxy's address as this service reaches it (where
/user/NAME/ is served), e.g. http://127.0.0.1:8000 or, on Kubernetes, http://proxy-public.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import quote, urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from ..templating import render

SCOPE = "custom:secondline:collect"
NAME = r"[^/]+"
LIVE_CACHE_SECONDS = 1.0  # the live view's JSON is gathered at most once a second per group, however many watch


class Collector:
    """Reads a group's members and each member's record, with the service's own token."""

    def __init__(self, api_url: str, hub_url: str, token: str, content_root: str | None = None):
        self.api_url, self.hub_url, self.token = api_url.rstrip("/"), hub_url.rstrip("/"), token
        self.http = AsyncHTTPClient()
        self._content = None
        self._content_root = content_root
        self._live: dict[str, tuple[float, dict]] = {}

    @property
    def content(self):
        if self._content is None:
            from ..content.load import load

            self._content = load(self._content_root)
        return self._content

    async def _get(self, url: str, timeout: float = 20) -> dict:
        r = await self.http.fetch(HTTPRequest(url, headers={"Authorization": f"token {self.token}"},
                                              request_timeout=timeout))
        return json.loads(r.body)

    async def groups(self) -> list[str]:
        return sorted(g["name"] for g in await self._get(f"{self.api_url}/groups"))

    async def members(self, group: str) -> list[str]:
        try:
            return sorted((await self._get(f"{self.api_url}/groups/{quote(group, safe='')}"))["users"])
        except HTTPClientError as exc:
            if exc.code == 404:
                raise web.HTTPError(404, f"no group {group!r}") from None
            raise

    async def record(self, user: str) -> tuple[dict | None, str | None]:
        """(the learner's export, None), or (None, why there is none)."""
        model = await self._get(f"{self.api_url}/users/{quote(user, safe='')}")
        server = (model.get("servers") or {}).get("")
        if not server or not server.get("ready"):
            return None, "server not running: the learner's record is read from their server, so start it"
        url = self.hub_url + url_path_join(server["url"], "secondline/record")
        try:
            return await self._get(url), None
        except HTTPClientError as exc:
            if exc.code == 404:
                return None, "no record yet (nothing answered)"
            return None, f"the learner's server answered {exc.code}"
        except (OSError, json.JSONDecodeError) as exc:
            return None, f"the learner's server could not be read ({exc})"

    async def gather(self, group: str):
        """[(Path('NAME.json'), Record)] and [(Path, why)] for every member of group."""
        from ..record.format import RecordError
        from ..record.schema import parse_record

        names = await self.members(group)
        found = await asyncio.gather(*(self.record(n) for n in names))
        good, bad = [], []
        for name, (data, why) in zip(names, found, strict=True):
            path = Path(f"{name}.json")
            if data is None:
                bad.append((path, why))
                continue
            try:
                good.append((path, parse_record(json.dumps(data).encode(), path.name)))
            except RecordError as exc:
                bad.append((path, str(exc)))
        return good, bad

    async def live(self, group: str) -> dict:
        from .live import room_counts

        cached = self._live.get(group)
        if cached and time.monotonic() - cached[0] < LIVE_CACHE_SECONDS:
            return cached[1]
        good, bad = await self.gather(group)
        out = room_counts([r for _, r in good], self.content).to_json() | {"unread": len(bad), "group": group}
        self._live[group] = (time.monotonic(), out)
        return out


class Base(HubOAuthenticated, web.RequestHandler):
    @property
    def collector(self) -> Collector:
        return self.settings["collector"]

    def may_collect(self, group: str) -> bool:
        return bool(self.hub_auth.check_scopes({f"{SCOPE}!group={group}"}, self.current_user))

    def require(self, group: str) -> None:
        if "!" in group:  # never let a name reshape the scope it is checked against
            raise web.HTTPError(404, "no such group")
        if not self.may_collect(group):
            raise web.HTTPError(403, f"{self.current_user['name']} is not a facilitator of group {group!r}")

    def write_error(self, status_code: int, **kwargs) -> None:
        exc = kwargs.get("exc_info", (None, None))[1]
        message = getattr(exc, "log_message", None) or self._reason
        self.finish(render(__package__, "collector-page.html.j2", title=f"{status_code} {self._reason}",
                           message=message, groups=[], prefix=self.settings["prefix"]))


class Index(Base):
    @web.authenticated
    async def get(self):
        groups = [g for g in await self.collector.groups() if self.may_collect(g)]
        if not groups:
            raise web.HTTPError(403, f"{self.current_user['name']} is not a facilitator of any group. This page is for "
                                "facilitators; your own progress is under My progress in any module.")
        self.finish(render(__package__, "collector-page.html.j2", title="Second Line: your groups", message="",
                           groups=groups, prefix=self.settings["prefix"]))


class Report(Base):
    @web.authenticated
    async def get(self, group: str):
        from ..record.report import cohort_page

        self.require(group)
        good, bad = await self.collector.gather(group)
        page, _, _ = await asyncio.to_thread(cohort_page, good, bad, self.collector.content, f"Group {group}")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)


class LivePage(Base):
    @web.authenticated
    def get(self, group: str):
        self.require(group)
        # A fetch() signed in by cookie must carry the hub's xsrf token, or HubOAuth sends it round the login again.
        token = self.xsrf_token
        self.finish(render(__package__, "live.html.j2", group=group, poll_ms=2000,
                           xsrf=token.decode() if isinstance(token, bytes) else token))


class LiveData(Base):
    @web.authenticated
    async def get(self, group: str):
        self.require(group)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(await self.collector.live(group)))


class OneRecord(Base):
    @web.authenticated
    async def get(self, group: str, user: str):
        self.require(group)
        if user not in await self.collector.members(group):
            raise web.HTTPError(404, f"{user!r} is not in group {group!r}")
        data, why = await self.collector.record(user)
        if data is None:
            raise web.HTTPError(404, why)
        self.set_header("Content-Type", "application/json")
        safe = re.sub(r"[^\w.-]", "_", user)
        self.set_header("Content-Disposition", f'attachment; filename="{safe}.json"')
        self.finish(json.dumps(data))


def make_app(prefix: str, collector: Collector) -> web.Application:
    def route(path: str) -> str:
        return url_path_join(prefix, path)

    return web.Application([
        (prefix, Index),
        (route("oauth_callback"), HubOAuthCallbackHandler),
        (route(f"groups/({NAME})/report"), Report),
        (route(f"groups/({NAME})/live"), LivePage),
        (route(f"groups/({NAME})/live.json"), LiveData),
        (route(f"groups/({NAME})/records/({NAME})\\.json"), OneRecord),
    ], cookie_secret=os.urandom(32), collector=collector, prefix=prefix)


def main() -> None:
    env = os.environ
    hub_url = env.get("SECONDLINE_HUB_URL") or env.get("JUPYTERHUB_PUBLIC_URL", "")
    if not hub_url:
        raise SystemExit("SECONDLINE_HUB_URL is not set: give the proxy's address as this service reaches it")
    collector = Collector(env["JUPYTERHUB_API_URL"], hub_url, env["JUPYTERHUB_API_TOKEN"],
                          env.get("SECONDLINE_CONTENT") or None)
    bind = urlparse(env.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = make_app(env.get("JUPYTERHUB_SERVICE_PREFIX", "/services/collector/"), collector)

    async def forever():
        app.listen(bind.port or 80, bind.hostname or "")
        _ = collector.content  # load the content once, before the first facilitator waits for it
        await asyncio.Event().wait()

    asyncio.run(forever())


if __name__ == "__main__":
    main()
