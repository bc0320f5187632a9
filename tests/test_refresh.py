"""Refreshing through the library: conditional requests, 304s, errors and state that survive."""

from tests.faultserver import fault_server  # noqa: F401  (fixture)


def test_second_refresh_is_conditional_and_304_keeps_everything(library, fault_server):  # noqa: F811
    url = fault_server.url("/good.xml")
    library.add_feed(url, "Good")
    first = library.refresh()
    assert first.reports[0].status == "ok" and first.new > 0
    stored = library.count()
    library.set_starred(library.store.ids("")[:1])
    library.set_read(library.store.ids(""))
    before = len(fault_server.requests)
    second = library.refresh()
    sent = [headers for path, headers in fault_server.requests[before:] if path == "/good.xml"]
    assert sent and sent[-1]["If-None-Match"] == '"v1"'
    assert sent[-1]["If-Modified-Since"] == "Wed, 06 Oct 2021 12:00:00 GMT"
    assert second.reports[0].status == "unchanged" and second.new == 0
    assert library.count() == stored
    assert library.count("is:starred") == 1 and library.count("is:unread") == 0
    feed = next(f for f in library.feeds() if f.url == url)
    assert feed.last_status == "unchanged"


def test_failing_feeds_keep_what_is_stored_and_others_still_land(library, fault_server, tmp_path):  # noqa: F811
    good = fault_server.url("/good.xml")
    library.add_feed(good, "Good")
    library.refresh()
    stored = library.count()
    library.add_feed(fault_server.url("/500"), "Broken")
    library.add_feed(fault_server.url("/not-a-feed"), "Not a feed")
    summary = library.refresh()
    by_title = {r.title: r for r in summary.reports}
    assert by_title["Broken"].status == "error" and "500" in by_title["Broken"].error
    assert by_title["Not a feed"].status == "error"
    assert library.count() == stored
    assert "2 errors" in summary.line()


def test_gone_feed_is_marked_and_keeps_its_articles(library, fault_server):  # noqa: F811
    library.add_feed(fault_server.url("/410"), "Gone")
    summary = library.refresh()
    assert summary.reports[0].status == "gone"
    assert next(f for f in library.feeds() if f.url.endswith("/410")).last_status == "gone"


def test_permanent_redirect_is_followed_next_time_temporary_is_not(library, fault_server):  # noqa: F811
    library.add_feed(fault_server.url("/moved301"), "Moved")
    library.add_feed(fault_server.url("/moved302"), "Temp")
    summary = library.refresh()
    assert all(r.status == "ok" for r in summary.reports), summary.reports
    feeds = {f.title: f for f in library.feeds()}
    assert feeds["Moved"].fetch_url and feeds["Moved"].fetch_url.endswith("/good.xml")
    assert feeds["Temp"].fetch_url is None
    before = len(fault_server.requests)
    library.refresh()
    paths = [p for p, _h in fault_server.requests[before:]]
    assert "/moved301" not in paths and "/moved302" in paths
    assert feeds["Moved"].url.endswith("/moved301")  # the config's URL stays the feed's name


def test_retry_after_is_honoured_and_gone_feeds_are_not_fetched_again(library, fault_server):  # noqa: F811
    library.add_feed(fault_server.url("/429"), "Busy")
    library.add_feed(fault_server.url("/410"), "Gone")
    first = {r.title: r for r in library.refresh().reports}
    assert first["Busy"].status == "error" and first["Gone"].status == "gone"
    busy = next(f for f in library.feeds() if f.title == "Busy")
    assert busy.retry_after is not None
    before = len(fault_server.requests)
    second = {r.title: r for r in library.refresh().reports}
    paths = [p for p, _h in fault_server.requests[before:]]
    assert "/429" not in paths and "/410" not in paths
    assert second["Busy"].status == "deferred" and "before" in second["Busy"].error
    assert second["Gone"].status == "gone"
    library.refresh([fault_server.url("/410")])  # named: tried again
    assert "/410" in [p for p, _h in fault_server.requests[before:]]
