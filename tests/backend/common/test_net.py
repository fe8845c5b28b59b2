from django.test import RequestFactory

from common.net import client_ip


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_forwarded_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_one_trusted_proxy_means_the_last_forwarded_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; our proxy appended the real address.
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_a_missing_or_garbage_address_is_unknown(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.2", "not-an-ip")) == "unknown"
