"""The router's exception -> fault mapping: a 500 leaves its traceback and request id in
the log; a refused request (4xx) is only a fault body."""

import logging

import pytest
import webob

from novum import exception
from novum.api import auth, handler


class _Broken(exception.NovumException):
    msg_fmt = 'the conductor went away'


def _broken(request):
    raise _Broken()


def _missing(request):
    raise exception.NotFound('no such thing')


def _crashing(request):
    raise RuntimeError('a bug')


def _request(path: str) -> webob.Request:
    request = webob.Request.blank(path)
    request.environ['openstack.request_id'] = 'req-0f1e2d3c'
    return request


@pytest.fixture
def router():
    return handler.APIRouter({'/broken': {'GET': _broken}, '/missing': {'GET': _missing},
                              '/crashing': {'GET': _crashing}})


def test_a_novum_exception_that_becomes_a_500_is_logged_with_traceback_and_request_id(
        router, caplog):
    with caplog.at_level(logging.ERROR, logger='novum.api.handler'):
        response = router.dispatch(_request('/broken'))
    assert response.status_int == 500
    assert response.json['computeFault']['message'] == 'the conductor went away'
    [record] = [r for r in caplog.records if r.name == 'novum.api.handler']
    assert record.levelno == logging.ERROR
    assert 'req-0f1e2d3c' in record.getMessage()
    assert record.exc_info[0] is _Broken
    assert 'Traceback' in caplog.text and 'the conductor went away' in caplog.text


def test_a_4xx_fault_writes_no_error_line(router, caplog):
    with caplog.at_level(logging.DEBUG, logger='novum.api.handler'):
        response = router.dispatch(_request('/missing'))
    assert response.status_int == 404
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_any_other_exception_is_a_500_logged_with_traceback_and_request_id(router, caplog):
    app = auth.FaultWrapper(router)
    with caplog.at_level(logging.ERROR, logger='novum.api.auth'):
        response = _request('/crashing').get_response(app)
    assert response.status_int == 500
    [record] = [r for r in caplog.records if r.name == 'novum.api.auth']
    assert 'req-0f1e2d3c' in record.getMessage()
    assert record.exc_info[0] is RuntimeError
