"""Compute API microversions: parse the request headers, compare, and answer headers.

Novum serves 2.1 up to MAX_VERSION; what each version added is in
rest_api_version_history.rst next to this module.
"""

import re
from typing import NamedTuple

import webob

from novum import exception

SERVICE_TYPE = 'compute'
HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


class APIVersion(NamedTuple):
    major: int
    minor: int

    def __str__(self) -> str:
        return f'{self.major}.{self.minor}'

    @classmethod
    def parse(cls, text: str) -> 'APIVersion':
        match = _VERSION_RE.match(text.strip())
        if not match:
            raise InvalidAPIVersionString(version=text)
        return cls(int(match.group(1)), int(match.group(2)))


MIN_VERSION = APIVersion(2, 1)
MAX_VERSION = APIVersion(2, 37)


class InvalidAPIVersionString(exception.Invalid):
    msg_fmt = ('API Version String %(version)s is of invalid format. Must be of format '
               'MajorNum.MinorNum.')


class InvalidGlobalAPIVersion(exception.NovumException):
    msg_fmt = ('Version %(req_ver)s is not supported by the API. Minimum is %(min_ver)s '
               'and maximum is %(max_ver)s.')
    code = 406


class VersionNotFoundForAPIMethod(exception.NotFound):
    msg_fmt = 'The resource could not be found.'


def _requested(headers) -> str | None:
    """The compute version asked for: the new header wins over the legacy one."""
    value = headers.get(HEADER)
    if value:
        for item in value.split(','):
            service, _sep, version = item.strip().partition(' ')
            if service.lower() == SERVICE_TYPE:
                return version.strip()
    return headers.get(LEGACY_HEADER) or None


def from_request(request: webob.Request) -> APIVersion:
    """The version a request asks for (2.1 without a header); raises 400 or 406."""
    text = _requested(request.headers)
    if text is None:
        return MIN_VERSION
    if text.lower() == 'latest':
        return MAX_VERSION
    version = APIVersion.parse(text)
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise InvalidGlobalAPIVersion(req_ver=str(version), min_ver=str(MIN_VERSION),
                                      max_ver=str(MAX_VERSION))
    return version


def add_headers(response: webob.Response, version: APIVersion) -> None:
    response.headers[HEADER] = f'{SERVICE_TYPE} {version}'
    response.headers[LEGACY_HEADER] = str(version)
    response.headers.add('Vary', HEADER)
    response.headers.add('Vary', LEGACY_HEADER)


def is_supported(request: webob.Request, min_version: str,
                 max_version: str | None = None) -> bool:
    """True when the request's microversion lies in [min_version, max_version]."""
    version = request.environ['novum.api_version']
    if version < APIVersion.parse(min_version):
        return False
    return max_version is None or version <= APIVersion.parse(max_version)


def require(request: webob.Request, min_version: str, max_version: str | None = None) -> None:
    """A method that does not exist at the request's version answers 404, as Nova's do."""
    if not is_supported(request, min_version, max_version):
        raise VersionNotFoundForAPIMethod()
