from __future__ import annotations

from django.core.cache import cache

from initiatives import selectors
from portal.core.pagecache import current_version

KEY_FIGURES_TIMEOUT = 60 * 60


def key_figures_cache_key() -> str:
    """The key figures are kept per public version (``portal.core.pagecache``): an approval
    makes the next home page recompute them, never show the figures from before it."""
    return f"portal:key-figures:v2:{current_version()}"


def key_figures_refresh(key: str | None = None) -> dict[str, int]:
    """Recompute the home page's key figures and store them in the cache.

    The key (the public version) is read before the figures are computed: were it read
    after, a change committed in between would file the figures from before it under the
    version that follows it."""
    key = key or key_figures_cache_key()
    figures = selectors.key_figures()
    cache.set(key, figures, KEY_FIGURES_TIMEOUT)
    return figures


def key_figures_cached() -> dict[str, int]:
    key = key_figures_cache_key()
    figures = cache.get(key)
    if figures is None:
        figures = key_figures_refresh(key)
    return figures
