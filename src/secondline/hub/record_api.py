"""A Jupyter server extension for the learner's own server: GET <server>/secondline/record returns the learner's
record as the JSON export (record/format.py), read from the store at SECONDLINE_PROGRESS_DB (or its default).

Under JupyterHub only a token with access to this learner's server reaches it (the hub checks
`access:servers!user=NAME`), so the facilitators' collector can read it and another learner gets 403.
Enable it with `--ServerApp.jpserver_extensions='{"secondline.hub.record_api": true}'` or a
jupyter_server_config.d file (deploy/jupyterhub/ does both ways).
"""

from __future__ import annotations

import json

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

ROUTE = "/secondline/record"


def read_record() -> dict | None:
    """The learner's export, or None when recording is off or nothing has been recorded yet. The store is opened
    only if its file exists (a look never creates a record) and closed again."""
    from ..record.store import Store, default_path

    path = default_path()
    if path is None or not path.is_file():
        return None
    store = Store(path)
    try:
        return store.export()
    finally:
        store.close()


class RecordHandler(APIHandler):
    @web.authenticated
    def get(self):
        self.set_header("Cache-Control", "no-store")
        record = read_record()
        if record is None:
            raise web.HTTPError(404, "no record yet: this learner has not answered anything, or recording is off")
        self.finish(json.dumps(record))


def _jupyter_server_extension_points():
    return [{"module": "secondline.hub.record_api"}]


def _load_jupyter_server_extension(serverapp) -> None:
    web_app = serverapp.web_app
    route = url_path_join(web_app.settings["base_url"], ROUTE)
    web_app.add_handlers(".*$", [(route, RecordHandler)])
