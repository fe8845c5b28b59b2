"""The typed client: errors as the server words them, and the single-flight refresh."""

from __future__ import annotations

import threading

import pytest

from shared.api import ApiError, Offline, PocketChartClient, SessionExpired, TokenKeeper
from tests.shared.api.fake_server import AuthServer


def signed_in(server: AuthServer) -> PocketChartClient:
    client = PocketChartClient("http://server.test", transport=server)
    client.login("a@b.c", "right")
    return client


def test_wrong_password_raises_the_servers_code_and_message():
    client = PocketChartClient("http://server.test", transport=AuthServer())
    with pytest.raises(ApiError) as caught:
        client.login("a@b.c", "wrong")
    assert (caught.value.status, caught.value.code, caught.value.message) == (
        401,
        "invalid_credentials",
        "No.",
    )
    assert not client.tokens.signed_in


def test_an_expired_access_token_is_refreshed_and_the_call_retried():
    server = AuthServer()
    client = signed_in(server)
    server.expire_all_access()
    assert client.me().name == "Alice"
    assert server.refresh_calls == ["refresh-1"]
    assert client.tokens.refresh_token == "refresh-2"


def test_parallel_requests_present_one_refresh_token_once():
    server = AuthServer(refresh_delay=0.05)
    client = signed_in(server)
    server.expire_all_access()
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def read() -> None:
        start.wait()
        try:
            client.me()
        except BaseException as error:  # collected, asserted below
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert server.refresh_calls == ["refresh-1"]
    assert not server.reused


def test_a_refused_refresh_signs_out_and_says_so():
    server = AuthServer()
    seen: list[object] = []
    client = PocketChartClient(
        "http://server.test", transport=server, tokens=TokenKeeper(listener=seen.append)
    )
    client.login("a@b.c", "right")
    server.expire_all_access()
    server.live_refresh.clear()
    with pytest.raises(SessionExpired):
        client.me()
    assert not client.tokens.signed_in
    assert seen[-1] is None  # the listener was told, so the stored copy is wiped too


def test_an_unreachable_server_is_offline_and_keeps_the_session():
    server = AuthServer()
    client = signed_in(server)
    server.down = True
    with pytest.raises(Offline):
        client.me()
    assert client.tokens.refresh_token == "refresh-1"


def test_calls_without_a_session_raise_session_expired_before_sending():
    client = PocketChartClient("http://server.test", transport=AuthServer())
    with pytest.raises(SessionExpired):
        client.links()
