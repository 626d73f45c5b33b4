"""One reading of the client's address, for the click tally and the sign-in rate limits."""

import pytest
from django.test import RequestFactory

from sharekits.clicks.addresses import UNKNOWN_ADDRESS, client_address, rate_limit_address


@pytest.fixture
def behind_proxy(settings):
    settings.RELAIS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"


def test_without_a_proxy_header_the_socket_address_is_the_client():
    assert client_address({"REMOTE_ADDR": "203.0.113.5"}) == "203.0.113.5"


def test_behind_a_proxy_only_the_address_it_added_counts(behind_proxy):
    meta = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.1,203.0.113.5", "REMOTE_ADDR": "10.0.0.2"}

    assert client_address(meta) == "203.0.113.5"


def test_a_missing_proxy_header_falls_back_to_the_socket_address(behind_proxy):
    assert client_address({"REMOTE_ADDR": "10.0.0.2"}) == "10.0.0.2"


@pytest.mark.parametrize("header", ["", " , ", "not-an-address", "1.2.3.4:80, garbage"])
def test_rate_limits_get_one_shared_bucket_for_an_unusable_address(behind_proxy, header):
    request = RequestFactory().post("/portal/login/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="")

    assert rate_limit_address(request) == UNKNOWN_ADDRESS


def test_rate_limits_read_ipv6_addresses(behind_proxy):
    request = RequestFactory().post("/", HTTP_X_FORWARDED_FOR="2001:db8::1, 2001:DB8::2")

    assert rate_limit_address(request) == "2001:db8::2"
