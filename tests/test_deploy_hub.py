"""deploy/jupyterhub/ (issue 18): each file parses, and its keys exist in the versions we pin.

What is checked, and against what:
- z2jh/values.yaml: merged over the chart's default values, the values schema of Zero to JupyterHub 4.4.0 (both
  vendored in deploy/jupyterhub/schemas/; Helm checks the same schema on install); hub.config and the service against the traits of the installed jupyterhub
  and oauthenticator (the hub extra: jupyterhub 6.1, oauthenticator 17.4; the chart's hub runs jupyterhub 5.5.0 and
  oauthenticator 17.4.0, so a trait only 6.x has would pass here and fail there); every role's scopes against
  jupyterhub's scope table.
- tljh/config.yaml: TLJH 2.0.0's config schema (vendored), plus its top-level keys (that schema misplaces its own
  additionalProperties, so it lets any top-level key through) and the authenticator's traits.
- tljh/jupyterhub_config.d/secondline.py: loaded as JupyterHub loads it; every section and trait exists.
- Dockerfile: parsed by BuildKit's own parser (the `dockerfile` package); every COPY source exists; the base is
  pinned; the server extension it enables is importable.
Not checked: that Kubernetes, Helm or TLJH run these files (none runs on this machine), or the identity provider.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
SCHEMAS = DEPLOY / "schemas"

jsonschema = pytest.importorskip("jsonschema")


def need_hub():
    if importlib.util.find_spec("jupyterhub") is None or importlib.util.find_spec("oauthenticator") is None:
        pytest.fail("jupyterhub and oauthenticator are needed to check the deploy files: pip install -e '.[hub]'")


class _Strict(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (YAML would silently keep the last)."""


def _no_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    twice = {k for k in keys if keys.count(k) > 1}
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"key given twice: {sorted(map(str, twice))}",
                                                node.start_mark)
    return loader.construct_mapping(node, deep=deep)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Strict)  # noqa: S506 (a SafeLoader subclass)


def schema_errors(values, schema) -> list[str]:
    v = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in v.iter_errors(values)]


# --------------------------------------------------------------------------- traits and scopes of the pinned versions

def config_classes() -> dict:
    """Class name -> class, for every configurable class a deploy file may set."""
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.proxy import ConfigurableHTTPProxy
    from jupyterhub.spawner import LocalProcessSpawner, Spawner
    from oauthenticator.generic import GenericOAuthenticator
    from oauthenticator.oauth2 import OAuthenticator

    return {c.__name__: c for c in (JupyterHub, Authenticator, OAuthenticator, GenericOAuthenticator, Spawner,
                                    LocalProcessSpawner, ConfigurableHTTPProxy)}


def trait_problems(config: dict) -> list[str]:
    """Every Class.trait in config that the installed class does not have, or whose value it refuses."""
    from traitlets import TraitError
    from traitlets.config import LazyConfigValue

    classes, problems = config_classes(), []
    for cls_name, section in config.items():
        cls = classes.get(cls_name)
        if cls is None:
            problems.append(f"{cls_name}: not a class this check knows (add it to config_classes)")
            continue
        traits = cls.class_traits(config=True)
        for name, value in section.items():
            if name not in traits:
                problems.append(f"{cls_name}.{name}: no such trait in {cls.__module__}")
                continue
            if callable(value) or isinstance(value, LazyConfigValue):  # a function, or .append() in a config file
                continue
            try:
                traits[name].validate(cls.__new__(cls), value)
            except TraitError as exc:
                problems.append(f"{cls_name}.{name}: {exc}")
    return problems


def role_problems(roles: list[dict], custom: dict) -> list[str]:
    from jupyterhub.scopes import scope_definitions

    problems = []
    for role in roles:
        extra = set(role) - {"name", "description", "scopes", "users", "groups", "services"}
        if extra:
            problems.append(f"role {role.get('name')}: unknown keys {sorted(extra)}")
        for scope in role.get("scopes", []):
            base, _, filt = scope.partition("!")
            if base not in scope_definitions and base not in custom:
                problems.append(f"role {role.get('name')}: unknown scope {base!r}")
            if filt and not re.fullmatch(r"(user|group|server|service)=[^!]+", filt):
                problems.append(f"role {role.get('name')}: bad filter {filt!r}")
    return problems


def service_problems(services: list[dict]) -> list[str]:
    from jupyterhub.services.service import Service

    known = set(Service.class_trait_names())
    return [f"service {s.get('name')}: no trait {k!r} on jupyterhub's Service" for s in services for k in s
            if k not in known]


def trial_roles() -> list[dict]:
    from secondline.hub.trial import hub_roles

    return hub_roles({"GROUP": ["FACILITATOR"]})


def same_roles_as_the_trial(roles: list[dict]) -> list[str]:
    """The deploy files grant what the tested hub grants: the same user and collector roles, and facilitator roles
    with the same scopes for their group."""
    want = {r["name"]: r for r in trial_roles()}
    got = {r["name"]: r for r in roles}
    problems = [f"role {n}: scopes {sorted(got.get(n, {}).get('scopes', []))} != {sorted(want[n]['scopes'])}"
                for n in ("user", "collector") if sorted(got.get(n, {}).get("scopes", [])) != sorted(want[n]["scopes"])]
    facilitators = [r for n, r in got.items() if n.startswith("facilitator-")]
    if not facilitators:
        problems.append("no facilitator role")
    for r in facilitators:
        group = r["name"].removeprefix("facilitator-")
        expected = [s.replace("GROUP", group) for s in want["facilitator-GROUP"]["scopes"]]
        if sorted(r["scopes"]) != sorted(expected):
            problems.append(f"role {r['name']}: scopes {r['scopes']} != {expected}")
    return problems


# --------------------------------------------------------------------------- Zero to JupyterHub

def z2jh_values() -> dict:
    return load_yaml(DEPLOY / "z2jh" / "values.yaml")


def z2jh_schema() -> dict:
    return yaml.safe_load((SCHEMAS / "z2jh-4.4.0-values.schema.yaml").read_text(encoding="utf-8"))


def helm_merge(defaults, overrides):
    """Values as Helm gives them to the schema: maps merged key by key, anything else replaced, null removes."""
    if not (isinstance(defaults, dict) and isinstance(overrides, dict)):
        return copy.deepcopy(overrides)
    out = copy.deepcopy(defaults)
    for k, v in overrides.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = helm_merge(out.get(k), v) if k in out else copy.deepcopy(v)
    return out


def test_the_helm_values_fit_the_charts_schema():
    """Merged over the chart's defaults as Helm does, do the values (no key twice) pass Zero to JupyterHub 4.4.0's
    values schema, and would the schema catch a misspelt key (so passing means something)?"""
    values, schema = z2jh_values(), z2jh_schema()
    defaults = yaml.safe_load((SCHEMAS / "z2jh-4.4.0-values.yaml").read_text(encoding="utf-8"))
    assert schema_errors(defaults, schema) == []
    assert schema_errors(helm_merge(defaults, values), schema) == []
    wrong = copy.deepcopy(values)
    wrong["singleuser"]["storge"] = wrong["singleuser"].pop("storage")
    wrong["cull"]["timout"] = 1
    assert len(schema_errors(helm_merge(defaults, wrong), schema)) == 2


def test_the_helm_values_set_what_a_hospital_needs():
    """Per-learner volume, idle culling, limits, sign-on, the collector and its roles: each is set, and the roles
    match the ones the real-hub test runs with."""
    v = z2jh_values()
    su = v["singleuser"]
    assert su["storage"]["type"] == "dynamic" and su["storage"]["homeMountPath"] == "/home/jovyan"
    assert su["extraEnv"]["SECONDLINE_PROGRESS_DB"].startswith(su["storage"]["homeMountPath"] + "/")
    assert su["cpu"]["limit"] and su["memory"]["limit"]
    assert v["cull"]["enabled"] is True and 0 < v["cull"]["timeout"] <= 4 * 3600
    assert v["hub"]["config"]["JupyterHub"]["authenticator_class"] == "generic-oauth"
    roles = [{"name": n, **r} for n, r in v["hub"]["loadRoles"].items()]
    assert same_roles_as_the_trial(roles) == []
    sidecar = next(c for c in v["hub"]["extraContainers"] if c["name"] == "collector")
    env = {e["name"]: e for e in sidecar["env"]}
    assert env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"]["key"] == "hub.services.collector.apiToken"
    port = sidecar["ports"][0]["containerPort"]
    assert v["hub"]["services"]["collector"]["url"].endswith(f":{port}")
    assert {p["port"] for p in v["hub"]["service"]["extraPorts"]} == {port}
    assert sidecar["command"][-1] == "secondline.hub.collector"
    assert sidecar["image"] == f"{su['image']['name']}:{su['image']['tag']}"


def test_the_helm_values_name_traits_and_scopes_that_exist():
    """Does every hub.config trait exist on the installed classes with a value they accept, does the authenticator
    name resolve, does the extra config run, and is every role's scope one JupyterHub knows?"""
    need_hub()
    from importlib.metadata import entry_points

    from traitlets.config import Config

    v = z2jh_values()["hub"]
    assert trait_problems(v["config"]) == []
    names = {e.name for e in entry_points(group="jupyterhub.authenticators")}
    assert v["config"]["JupyterHub"]["authenticator_class"] in names
    c = Config()
    for name, code in v["extraConfig"].items():
        exec(compile(code, f"hub.extraConfig.{name}", "exec"), {"c": c, "get_config": lambda: c})
    assert trait_problems({k: dict(s) for k, s in c.items()}) == []
    custom = c.JupyterHub.custom_scopes
    assert set(custom) == {"custom:secondline:collect"}
    assert role_problems([{"name": n, **r} for n, r in v["loadRoles"].items()], custom) == []
    assert service_problems([{"name": n, **s} for n, s in v["services"].items()]) == []


def test_the_trait_check_can_fail():
    """Does the trait check name a misspelt trait, a class it does not know and a refused value?"""
    need_hub()
    problems = trait_problems({"GenericOAuthenticator": {"client_idd": "x", "scope": "not-a-list"},
                               "NoSuchSpawner": {"x": 1}})
    assert len(problems) == 3 and "client_idd" in problems[0]
    assert role_problems([{"name": "r", "scopes": ["read:userz"]}], {}) != []


# --------------------------------------------------------------------------- The Littlest JupyterHub

def test_the_tljh_config_fits_tljh():
    """Does tljh/config.yaml pass TLJH 2.0.0's schema, use only its top-level keys, and name an authenticator
    class and traits that exist?"""
    need_hub()
    cfg = load_yaml(DEPLOY / "tljh" / "config.yaml")
    schema = json.loads((SCHEMAS / "tljh-2.0.0-config.schema.json").read_text(encoding="utf-8"))
    assert schema_errors(cfg, schema) == []
    assert set(cfg) <= set(schema["properties"]) - {"additionalProperties"} | {"auth"}
    module, _, cls = cfg["auth"]["type"].rpartition(".")
    assert getattr(importlib.import_module(module), cls).__name__ == cls
    assert trait_problems({k: v for k, v in cfg["auth"].items() if k != "type"}) == []
    wrong = copy.deepcopy(cfg)
    wrong["limits"]["memry"] = "1G"
    assert schema_errors(wrong, schema)
    assert cfg["services"]["cull"]["enabled"] is True and cfg["limits"]["memory"]


def test_the_tljh_hub_config_loads_and_matches_the_trial(tmp_path):
    """Loaded as TLJH loads it (after TLJH's own config, which sets the idle culler service), does
    jupyterhub_config.d/secondline.py set only traits that exist, keep the culler, and grant the same roles as the
    tested hub?"""
    need_hub()
    from jupyterhub.app import JupyterHub
    from traitlets.config.loader import PyFileConfigLoader

    path = DEPLOY / "tljh" / "jupyterhub_config.d" / "secondline.py"
    (tmp_path / "jupyterhub_config.py").write_text(  # what tljh/jupyterhub_config.py does, in short
        'c = get_config()\nc.JupyterHub.services = [{"name": "cull-idle", "command": ["cull"]}]\n'
        f"load_subconfig({str(path)!r})\n")
    c = PyFileConfigLoader("jupyterhub_config.py", str(tmp_path)).load_config()
    assert trait_problems({k: dict(s) for k, s in c.items()}) == []
    app = JupyterHub(config=c)
    assert [s["name"] for s in app.services] == ["cull-idle", "collector"]
    assert role_problems(app.load_roles, app.custom_scopes) == []
    assert same_roles_as_the_trial(app.load_roles) == []
    assert service_problems(app.services) == []
    assert app.services[1]["command"][-1] == "secondline.hub.collector"
    assert set(app.load_groups) and set(app.custom_scopes) == {"custom:secondline:collect"}


# --------------------------------------------------------------------------- the single-user image

def test_the_dockerfile_parses_and_copies_what_exists():
    """Does BuildKit's parser read the Dockerfile, is the base image pinned, does every COPY source exist in the
    repository (the build context), and is the server extension it enables importable?"""
    dockerfile = pytest.importorskip("dockerfile")
    commands = dockerfile.parse_file(str(DEPLOY / "Dockerfile"))
    froms = [c.value[0] for c in commands if c.cmd == "FROM"]
    assert len(froms) == 1 and ":" in froms[0] and not froms[0].endswith(":latest")
    copies = [c for c in commands if c.cmd == "COPY"]
    assert copies
    for c in copies:
        for src in c.value[:-1]:
            assert (ROOT / src).exists(), f"Dockerfile line {c.start_line}: COPY {src} is not in the repository"
    ext = json.loads((DEPLOY / "singleuser/jupyter_server_config.d/secondline-record.json").read_text())
    (module, on), = ext["ServerApp"]["jpserver_extensions"].items()
    assert on is True and importlib.util.find_spec(module) is not None
    runs = " ".join(" ".join(c.value) for c in commands if c.cmd == "RUN")
    assert "/opt/secondline" in runs and "secondline check" in runs
    r = subprocess.run(["bash", "-n", str(DEPLOY / "singleuser" / "copy-modules.sh")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert dockerfile.parse_string("FROM a:b\nCOPY x\n")[1].value == ("x",)  # the parser keeps what it reads
    with pytest.raises(dockerfile.GoParseError):
        dockerfile.parse_string("FROM a:b\nRUN <<EOF\nunterminated\n")
