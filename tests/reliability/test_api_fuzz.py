"""The JSON API, fuzzed from its own OpenAPI schema with schemathesis, in-process.

The schema is read from /api/openapi.json and every operation is called through
`cms.wsgi.application` (the fast path in front of Django, as granian serves it), once as a
visitor and once as a signed-in ambassador, with a bounded, derandomised set of examples.
No answer may be a server error, and every answer must match what the schema says.
"""

import gc
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import portal_sign_in

pytestmark = pytest.mark.reliability

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run and machine
    database=None,  # nothing written to .hypothesis/
    suppress_health_check=[HealthCheck.too_slow],
)
CONFORMANCE = [
    not_a_server_error,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@contextmanager
def in_this_transaction():
    """Call the WSGI stack in-process without losing the test's transaction.

    Django closes "old" database connections when a request starts and ends; inside the
    test's transaction that would close it. Django's test client switches this off around
    each of its own requests (and back on after), so it is switched off here the same way,
    around the calls and not for the whole test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def wsgi_application():
    """`cms.wsgi.application`: the fast path in front of Django, as granian serves it.

    Importing cms.wsgi freezes the garbage collector (right for a server worker): undone here.
    """
    frozen = gc.get_freeze_count()
    import cms.wsgi

    if frozen == 0 and gc.get_freeze_count():
        gc.unfreeze()
    return cms.wsgi.application


@pytest.fixture
def api_schema(wsgi_application, world):
    with in_this_transaction():
        return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_application)


@pytest.fixture
def ambassador_cookie(world, client) -> dict[str, str]:
    """Ambassador A's portal session cookie, with a share recorded so the figures are not empty."""
    portal_sign_in(client, world.a.ambassador)
    client.post("/portal/share/", {"variant": world.a.variant.pk, "method": "copy"})
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("role", ["visitor", "ambassador"])
def test_the_api_answers_within_its_schema(api_schema, ambassador_cookie, role, mode):
    cookies = ambassador_cookie if role == "ambassador" else {}
    # A visitor's 401 is not in the schema (see the test below), nor is a refusal of invalid
    # input: the status code is checked where the schema says what it must be.
    exact_status = role == "ambassador" and mode == GenerationMode.POSITIVE
    checks = CONFORMANCE + ([status_code_conformance] if exact_status else [])
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert operations, "the schema lists no operation"

    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not operation.definition.raw["parameters"]:
            continue  # nothing to make invalid

        @FUZZ
        @given(case=operation.as_strategy(mode, cookies=cookies))
        def call(case):
            case.call_and_validate(checks=checks)

        with in_this_transaction():
            call()


@pytest.mark.xfail(
    strict=True,
    reason="the OpenAPI schema documents only 200: the 401 a visitor gets (and the 403 before "
    "the consent question) are missing from every operation",
)
def test_the_schema_documents_the_refusals(api_schema):
    for operation in api_schema.get_all_operations():
        responses = operation.ok().definition.raw["responses"]
        assert {"401", "403"} <= set(responses), operation.ok().label
