"""Guards for the third-party internals the portal patches or reaches into.

``portal/reports/render.py`` patches pydyf (its ``PDF.page_references`` and the zlib level
of its streams), ``portal/core/cache.py`` builds on private parts of Django's Redis cache
(``_get_connection_pool``, ``_client``, ``_class``, ``_serializer``) and
``portal/core/loading.py`` on the SQL compiler's ``select`` and ``klass_info`` (compared
with ``list(queryset)`` by ``tests/portal/core/test_loading.py``). Both packages are
pinned to the minor version checked here; an upgrade that changes one of these internals
makes a test below fail with a message naming the internal, instead of a patch that
silently stops applying (or breaks a report or the cache in production).
"""

from __future__ import annotations

import inspect
import tomllib
import zlib
from importlib import metadata
from pathlib import Path
from unittest import mock

import pydyf
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from portal.reports import render

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/8"  # no connection is opened: nothing here sends a command


def _pin(package: str):
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dependency in dependencies:
        requirement = Requirement(dependency)
        if requirement.name.lower() == package.lower():
            return requirement.specifier
    pytest.fail(f"{package} is not pinned in pyproject.toml, yet the portal patches its internals")


@pytest.mark.parametrize("package, patched", [
    ("pydyf", "PDF.page_references and the zlib level (portal/reports/render.py)"),
    ("Django", "RedisCacheClient._get_connection_pool and _client (portal/core/cache.py), "
               "and the SQL compiler's select and klass_info (portal/core/loading.py)"),
])
def test_a_patched_package_is_pinned_to_one_minor_version_and_installed_within_it(
    package, patched
):
    specifier = _pin(package)
    installed = Version(metadata.version(package))
    assert specifier.contains(installed), (
        f"{package} {installed} is installed but pyproject.toml pins {specifier}: the guards "
        f"below were written for the pinned version of {patched}."
    )
    next_minor = Version(f"{installed.major}.{installed.minor + 1}")
    assert not specifier.contains(next_minor), (
        f"{package} is pinned as {specifier}, which lets {next_minor} in: the portal patches "
        f"{patched}, so an upgrade of the minor version must be deliberate (re-run these guards)."
    )


# --- pydyf: PDF.page_references --------------------------------------------------------------


def _pydyf_page_references():
    """pydyf's own ``page_references`` getter, whether or not render's cache is installed."""
    prop = pydyf.PDF.__dict__.get("page_references")
    assert isinstance(prop, property), (
        "pydyf.PDF.page_references is no longer a property defined on pydyf.PDF: "
        "render._cache_page_references now silently leaves it uncached (PDF/UA tagging "
        "quadratic again); look at how this pydyf version lists its pages."
    )
    return getattr(prop.fget, "__wrapped__", prop.fget)


def _pdf_with_pages(count: int) -> tuple[pydyf.PDF, list[pydyf.Dictionary]]:
    pdf = pydyf.PDF()
    pages = [pydyf.Dictionary({"Type": "/Page"}) for _ in range(count)]
    for page in pages:
        pdf.add_page(page)
    return pdf, pages


def test_pydyfs_page_references_are_still_built_from_the_pages_kids_alone():
    original = _pydyf_page_references()
    assert list(inspect.signature(original).parameters) == ["self"], (
        "pydyf.PDF.page_references' getter takes other arguments than self: "
        "render._cache_page_references calls it as original.fget(self)."
    )
    pdf, pages = _pdf_with_pages(3)
    assert original(pdf) == tuple(f"{page.number} 0 R".encode("ascii") for page in pages), (
        "pydyf.PDF.page_references no longer gives each page's reference (b'N 0 R') in order: "
        "render._cache_page_references caches that tuple."
    )
    # The cache is rebuilt when the number of Kids changes: pydyf must add a page there, three
    # entries (number, 0, R) a page, and nowhere else.
    assert len(pdf.pages["Kids"]) == 3 * len(pages), (
        "pydyf.PDF.add_page no longer adds three entries to pdf.pages['Kids']: "
        "render._cache_page_references keys its cache on the length of Kids."
    )
    kids = len(pdf.pages["Kids"])
    pdf.add_object(pydyf.Dictionary())
    assert len(pdf.pages["Kids"]) == kids and original(pdf) == original(pdf), (
        "Adding an object that is not a page changed pydyf.PDF.page_references."
    )


def test_cached_page_references_give_pydyfs_answer_and_follow_each_added_page():
    render._cache_page_references()
    prop = pydyf.PDF.__dict__["page_references"]
    assert getattr(prop.fget, "_cached", False), (
        "render._cache_page_references did not install its cache on pydyf.PDF.page_references."
    )
    original = _pydyf_page_references()
    pdf, _pages = _pdf_with_pages(2)
    first = pdf.page_references
    assert first == original(pdf) and pdf.page_references is first
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == original(pdf) and len(pdf.page_references) == 3
    # WeasyPrint's tagging is what reads it (once per structure element): without that
    # reader the patch is dead weight and should go.
    from weasyprint.pdf import tags

    assert "page_references" in inspect.getsource(tags), (
        "WeasyPrint's PDF/UA tagging no longer reads pdf.page_references: "
        "render._cache_page_references can be removed."
    )


# --- pydyf: the zlib level of its streams -----------------------------------------------------


def _stream_with_content() -> tuple[pydyf.Stream, bytes]:
    stream = pydyf.Stream(compress=True)
    for i in range(2000):
        stream.rectangle(i % 97, (i * 7) % 89, (i * 13) % 53 + 0.5, (i * 3) % 41)
        stream.set_color_rgb((i % 10) / 10, ((i * 3) % 10) / 10, ((i * 7) % 10) / 10)
        stream.fill()
    return stream, b"\n".join(pydyf._to_bytes(item) for item in stream.stream)


def _compressed_body(data: bytes) -> bytes:
    start = data.index(b"\nstream\n") + len(b"\nstream\n")
    assert data.endswith(b"\nendstream")
    return data[start:-len(b"\nendstream")]


def _deflate(raw: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level)
    return compressor.compress(raw) + compressor.flush()


def test_pydyf_compresses_a_stream_through_its_module_zlib_compressobj_at_level_9(monkeypatch):
    assert hasattr(pydyf, "zlib"), (
        "pydyf no longer has a module-level zlib: render._compress_at_default_level replaces "
        "pydyf.zlib and would now have no effect."
    )
    calls = []

    class Recording:
        def __getattr__(self, name):
            return getattr(zlib, name)

        @staticmethod
        def compressobj(*args, **kwargs):
            calls.append((args, kwargs))
            return zlib.compressobj(*args, **kwargs)

    monkeypatch.setattr(pydyf, "zlib", Recording())
    stream, _raw = _stream_with_content()
    stream.data  # noqa: B018 (compresses)
    assert calls == [((), {"level": 9})], (
        "pydyf.Stream.data no longer compresses with pydyf.zlib.compressobj(level=9) "
        f"(called: {calls}): render._DefaultLevelZlib.compressobj expects exactly that call."
    )


def test_once_patched_pydyf_compresses_its_streams_at_zlibs_default_level():
    stream, raw = _stream_with_content()
    # The content is such that the two levels give different bytes: this test can fail.
    assert _deflate(raw, 9) != _deflate(raw, zlib.Z_DEFAULT_COMPRESSION)
    render._compress_at_default_level()
    body = _compressed_body(stream.data)
    assert zlib.decompress(body) == raw
    assert body == _deflate(raw, zlib.Z_DEFAULT_COMPRESSION), (
        "pydyf's streams are not compressed at zlib's default level after "
        "render._compress_at_default_level(): the patch no longer reaches pydyf's zlib call."
    )


# --- Django: the private parts of its Redis cache client --------------------------------------


def test_djangos_redis_cache_client_keeps_one_pool_per_server_reached_by_get_connection_pool():
    import redis
    from django.core.cache.backends.redis import RedisCacheClient

    from portal.core.cache import ReusedClientRedisCacheClient

    get_pool = getattr(RedisCacheClient, "_get_connection_pool", None)
    assert get_pool is not None and list(inspect.signature(get_pool).parameters) == [
        "self", "write"], (
        "django.core.cache.backends.redis.RedisCacheClient._get_connection_pool(write) is gone "
        "or changed: portal.core.cache.ReusedClientRedisCacheClient.get_client calls it."
    )
    assert inspect.signature(RedisCacheClient.get_client) == inspect.signature(
        ReusedClientRedisCacheClient.get_client), (
        "RedisCacheClient.get_client's signature changed: "
        "ReusedClientRedisCacheClient overrides it."
    )
    client = RedisCacheClient([REDIS])
    pool = client._get_connection_pool(True)
    # ReusedClientRedisCacheClient keys its clients on id(pool): a pool must live as long as
    # the client (else an id could be reused by another pool).
    assert client._get_connection_pool(True) is pool and client._get_connection_pool(False) is pool
    assert pool in client._pools.values(), (
        "RedisCacheClient no longer keeps its pools in _pools for its life: "
        "ReusedClientRedisCacheClient's id(pool) keys may be reused."
    )
    assert getattr(client, "_client", None) is redis.Redis, (
        "RedisCacheClient._client is no longer the redis.Redis class: "
        "ReusedClientRedisCacheClient builds its one client per pool with it."
    )
    assert client._client(connection_pool=pool).connection_pool is pool
    serializer = getattr(client, "_serializer", None)
    assert serializer is not None and serializer.loads(serializer.dumps({"a": [1]})) == {
        "a": [1]} and serializer.dumps(7) == 7, (
        "RedisCacheClient._serializer is gone or changed: "
        "portal.core.cache.ResilientRedisCache.get_many_and_count decodes with it, and counts "
        "with INCR on integers it stores as they are."
    )


def test_the_resilient_cache_makes_one_redis_client_for_all_its_operations(monkeypatch):
    from portal.core.cache import _MISSES, ResilientRedisCache, ReusedClientRedisCacheClient

    # Another test may have left the (class-wide) outage state set.
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)
    monkeypatch.setattr(ResilientRedisCache, "_saw_outage", False)
    cache = ResilientRedisCache(REDIS, {})
    client = cache._cache
    assert type(client) is ReusedClientRedisCacheClient, (
        "django's RedisCache no longer builds its client from self._class: "
        "portal.core.cache.ResilientRedisCache sets _class to ReusedClientRedisCacheClient."
    )
    factory = mock.MagicMock(name="redis.Redis")
    factory.return_value.get.return_value = None
    factory.return_value.mget.return_value = []
    client._client = factory
    operations = {
        "set": ("a", "x"), "get": ("a",), "add": ("b", "y"), "get_many": (["a", "b"],),
        "set_many": ({"c": 1},), "has_key": ("a",), "touch": ("a",), "incr": ("c",),
        "delete": ("a",), "delete_many": (["b", "c"],), "clear": (),
    }
    # Every operation the cache degrades (get_or_set is built on get and add).
    assert set(_MISSES) - {"get_or_set"} <= set(operations)
    for name, args in operations.items():
        getattr(cache, name)(*args)
    assert factory.call_count == 1, (
        f"{factory.call_count} redis.Redis built for {len(operations)} operations of one cache: "
        "Django's RedisCacheClient no longer reaches Redis only through get_client(), or "
        "ReusedClientRedisCacheClient no longer keeps one client per pool."
    )
    assert factory.call_args.kwargs == {"connection_pool": client._get_connection_pool(True)}
