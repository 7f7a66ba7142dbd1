"""Jinja2 for every page the package writes from a template (site, handouts, review packet, guide, certificate,
cohort report): one environment per room's templates/ folder, with escaping on by default.

Every `{{ value }}` is escaped as html.escape(value, quote=True) does, the same escaping the rest of the package
uses, unless the value is already markup (an HTML fragment built and escaped by a view, marked with `Markup`).
Undefined names are errors, never empty text.
"""

from __future__ import annotations

import functools
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


def _escaped(value):
    """The finalize hook: text escaped once, markup (anything with __html__) left as it is."""
    from markupsafe import Markup

    if hasattr(value, "__html__"):
        return value
    return Markup(escape(str(value), quote=True))


@functools.cache
def environment(package: str) -> jinja2.Environment:
    """The templates of `package` (its templates/ folder), autoescaped; blocks and their indentation trimmed."""
    env = _new(package)
    env.install_null_translations(newstyle=True)  # `{{ _("English") }}` is the English itself
    return env


def _new(package: str) -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader(package, "templates"), autoescape=True,
                              finalize=_escaped, undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True, extensions=["jinja2.ext.i18n"])


def translated(package: str, gettext) -> jinja2.Environment:
    """The templates of `package` with `{{ _("English") }}` translated by gettext(english) (content/i18n.py):
    a fresh environment, so the English one is never touched. Translations are trusted like the templates."""
    env = _new(package)
    env.install_gettext_callables(gettext, lambda s, p, n: gettext(s if n == 1 else p), newstyle=True)
    return env


def render(package: str, template: str, /, **values) -> str:
    """Render templates/<template> of `package` with values."""
    return environment(package).get_template(template).render(**values)


def markup(html: str):
    """An HTML fragment that is already escaped (a view's output), to pass into a template as it is."""
    from markupsafe import Markup

    return Markup(html)
