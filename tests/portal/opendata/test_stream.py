"""Open-data files are streamed: sent as they are written, kept by the page cache only
once sent whole, and the same bytes whether streamed or served from the cache."""

import pytest
from django.db import connection

from initiatives.models import ProgressUpdate
from tests import factories
from tests.portal.opendata.test_open_data import download_url, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_file_is_streamed_then_served_whole_from_the_cache(client, world, fmt):  # noqa: F811
    path = download_url("indicator-values", fmt)
    first = client.get(path)
    assert first.streaming
    sent = first.getvalue()
    second = client.get(path)
    assert getattr(second, "public_page_hit", False) and not second.streaming
    assert second.content == sent
    assert second["ETag"] == first["ETag"]


def test_a_visitor_who_hangs_up_leaves_nothing_in_the_cache(client, world, monkeypatch):  # noqa: F811
    # Enough records for more than one chunk.
    for _ in range(3):
        update = factories.ProgressUpdateFactory(status=ProgressUpdate.Status.APPROVED)
        for indicator in factories.IndicatorFactory.create_batch(
                200, initiative=update.initiative):
            factories.IndicatorValueFactory(update=update, indicator=indicator, value=40)
    path = download_url("indicator-values", "csv")
    first = client.get(path)
    chunks = iter(first.streaming_content)
    assert next(chunks).startswith("\ufeff".encode())
    # The connection dropped after the first chunk: the server closes the response (the
    # test keeps its database connection, which request_finished would close).
    with monkeypatch.context() as patch:
        patch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
        first.close()
    again = client.get(path)
    assert not getattr(again, "public_page_hit", False)
    assert again.getvalue().count(b"\n") > 600
