"""Second Line: a Jupyter curriculum on second-line treatment for oncology nurses and patient navigators."""

__version__ = "0.1.0"


def module(slug: str, lang: str = "en"):
    """The one-line calls a module notebook makes: `module("01-lines-of-treatment").quiz("lines-q01")`; a
    translated notebook opens its module in its language: `module("01-lines-of-treatment", lang="es")`."""
    from .notebook import module as _module

    return _module(slug, lang)


__all__ = ["module", "__version__"]
