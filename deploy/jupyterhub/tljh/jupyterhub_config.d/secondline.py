"""Second Line on The Littlest JupyterHub: cohorts, facilitator roles and the collector service.

Copy to /opt/tljh/config/jupyterhub_config.d/secondline.py, then `sudo tljh-config reload`. TLJH loads every file in
that folder after config.yaml, so this file adds to what TLJH set (its idle culler service stays) rather than
replacing it. Add a cohort: a group in COHORTS and its facilitators in FACILITATORS.
"""

COLLECT = "custom:secondline:collect"
COHORTS = {"cohort-2027-spring": ["ana.lopez", "ben.okafor"]}
FACILITATORS = {"cohort-2027-spring": ["fay.nguyen"]}

c = get_config()  # noqa: F821 (JupyterHub defines get_config for its config files)

c.JupyterHub.custom_scopes.update({
    COLLECT: {"description": "Collect the Second Line records of a group's learners (report and live view)"},
})
c.JupyterHub.load_groups.update({group: {"users": users} for group, users in COHORTS.items()})
c.JupyterHub.load_roles.extend([
    {"name": "user", "description": "Every learner; may open the collector (it shows a learner nothing but a 403 page)",
     "scopes": ["self", "access:services!service=collector"]},
    {"name": "collector", "description": "The collector reads the group lists and each learner's record",
     "scopes": ["list:groups", "read:groups", "list:users", "read:users:name", "read:servers", "access:servers"],
     "services": ["collector"]},
] + [
    {"name": f"facilitator-{group}", "description": f"Facilitators of {group}: its report and live view, nothing else",
     "scopes": [f"{COLLECT}!group={group}", "access:services!service=collector"], "users": users}
    for group, users in FACILITATORS.items()
])
c.JupyterHub.services.append(
    {
        "name": "collector",
        "url": "http://127.0.0.1:10101",
        # The user environment has the secondline package (see the README's install step).
        "command": ["/opt/tljh/user/bin/python", "-m", "secondline.hub.collector"],
        "environment": {"SECONDLINE_HUB_URL": "https://learn.hospital.example",  # the proxy, as users reach it
                        "SECONDLINE_CONTENT": "/opt/secondline/content"},
        "oauth_no_confirm": True,
        "oauth_client_allowed_scopes": [COLLECT],
        "display": True,
    },
)
# Each learner's record in their home folder (TLJH makes a Unix user per learner), and the content for the kernels.
c.Spawner.environment.update({"SECONDLINE_PROGRESS_DB": "~/secondline/progress.sqlite3",
                              "SECONDLINE_CONTENT": "/opt/secondline/content"})
