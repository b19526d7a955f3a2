"""validation.schema: stacked per microversion range, the schema whose range holds the
request's version validates the body."""

import pytest
import webob

from novum import exception
from novum.api import microversion, validation

_V21 = {'type': 'object', 'properties': {'name': {'type': 'string'}},
        'additionalProperties': False}
_V219 = {'type': 'object', 'properties': {'name': {'type': 'string'},
                                          'description': {'type': 'string'}},
         'additionalProperties': False}


@validation.schema(_V21, '2.1', '2.18')
@validation.schema(_V219, '2.19', '2.36')
def _handler(request, body):
    return body


def _request(version: str) -> webob.Request:
    request = webob.Request.blank('/')
    request.environ['novum.api_version'] = microversion.APIVersion.parse(version)
    return request


@pytest.mark.parametrize('version', ['2.1', '2.18'])
def test_the_schema_of_the_older_range_refuses_a_newer_field(version):
    with pytest.raises(exception.ValidationError):
        _handler(_request(version), body={'description': 'x'})


@pytest.mark.parametrize('version', ['2.19', '2.36'])
def test_the_schema_of_the_newer_range_takes_the_newer_field(version):
    assert _handler(_request(version), body={'description': 'x'}) == {'description': 'x'}


def test_a_version_outside_every_range_is_not_validated():
    assert _handler(_request('2.37'), body={'anything': 1}) == {'anything': 1}


def test_a_schema_without_range_validates_every_version():
    @validation.schema(_V21)
    def handler(request, body):
        return body

    for version in ('2.1', str(microversion.MAX_VERSION)):
        with pytest.raises(exception.ValidationError):
            handler(_request(version), body={'description': 'x'})


def test_overlapping_ranges_are_refused_when_the_handler_is_declared():
    with pytest.raises(ValueError, match='overlaps'):
        @validation.schema(_V21, '2.1', '2.19')
        @validation.schema(_V219, '2.19')
        def handler(request, body):
            return body
