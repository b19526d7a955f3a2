"""Helpers every handler uses: JSON bodies in and out, Nova's fault body, links, paging."""

import datetime
import math
import urllib.parse

import webob
import webob.exc
from oslo_serialization import jsonutils
from oslo_utils import strutils

from novum import conf, exception
from novum.api import microversion

CONF = conf.CONF

# HTTP status -> the key of Nova's error body ({"itemNotFound": {"code", "message"}}).
FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}


class MalformedRequestBody(exception.Invalid):
    msg_fmt = 'Malformed request body'


def context(request: webob.Request):
    return request.environ['novum.context']


def json_response(body, status: int = 200, headers: dict | None = None) -> webob.Response:
    response = webob.Response(status=status, headerlist=[])
    if body is not None:
        response.content_type = 'application/json'
        response.charset = 'UTF-8'
        response.body = jsonutils.dump_as_bytes(body)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def empty_response(status: int) -> webob.Response:
    return json_response(None, status)


def fault_response(code: int, message: str, version=None) -> webob.Response:
    """Nova's error body; with the microversion headers once a version was parsed."""
    response = json_response({FAULT_NAMES.get(code, 'computeFault'): {
        'code': code, 'message': message}}, status=code)
    if version is not None:
        microversion.add_headers(response, version)
    return response


# No request of the API nests deeper than a few levels; a body nested deeper is refused
# before anything walks it recursively.
MAX_BODY_DEPTH = 32


def check_text(value: str, what: str) -> None:
    """400 unless `value` is text every database stores: valid Unicode (no lone
    surrogate such as "\\ud83d") without NUL characters (PostgreSQL refuses them)."""
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        raise exception.Invalid(f'Invalid Unicode in {what}: it holds a lone '
                                f'surrogate') from None
    if '\x00' in value:
        raise exception.Invalid(f'{what} must not contain NUL characters')


def check_body(body) -> None:
    """400 for what a JSON parser accepts but no column can hold: strings (keys too)
    that are not valid Unicode, numbers beyond a float (1e400 parses as inf), nesting
    deeper than MAX_BODY_DEPTH. Iterative, so no body can exhaust the stack."""
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            check_text(value, 'request body')
        elif isinstance(value, float) and not math.isfinite(value):
            raise MalformedRequestBody('Malformed request body: number out of range')
        elif isinstance(value, (dict, list)):
            if depth > MAX_BODY_DEPTH:
                raise MalformedRequestBody(
                    f'Malformed request body: nested deeper than {MAX_BODY_DEPTH} levels')
            if isinstance(value, dict):
                pending.extend((key, depth) for key in value)
                pending.extend((item, depth + 1) for item in value.values())
            else:
                pending.extend((item, depth + 1) for item in value)


def _refuse_constant(name: str):
    raise ValueError(f'{name} is not JSON')


def read_body(request: webob.Request):
    """The decoded JSON body, None when there is none; 400 when it is not JSON or holds
    what no column can store (see check_body)."""
    if not request.body:
        return None
    try:
        body = jsonutils.loads(request.body, parse_constant=_refuse_constant)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise MalformedRequestBody() from None
    except RecursionError:
        raise MalformedRequestBody(
            f'Malformed request body: nested deeper than {MAX_BODY_DEPTH} levels') from None
    check_body(body)
    return body


def isotime(value: datetime.datetime | None) -> str | None:
    """Nova's timestamp format: 2026-11-22T00:16:54Z."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.strftime('%Y-%m-%dT%H:%M:%SZ')


def naive(value: datetime.datetime | None) -> str | None:
    """str() of a naive datetime, as Nova shows launched_at and action times."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat(sep='T', timespec='microseconds')


# The range of an Integer column (ids, sizes), as parameter_types.MAX_INT.
_MAX_INT = 0x7FFFFFFF


def db_int(value) -> int:
    """`value` (e.g. an id from the URL) as an int an Integer column can hold; ValueError
    otherwise, so callers answer as for any malformed id."""
    number = int(value)
    if not -_MAX_INT - 1 <= number <= _MAX_INT:
        raise ValueError(f'{value} is out of range')
    return number


def bool_param(value, name: str) -> bool:
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exception.Invalid(f'Invalid value {value!r} for {name}') from None


# Links ---------------------------------------------------------------------------------

def _project_segment(request: webob.Request) -> str:
    return request.environ.get('novum.url_project_id') or ''


def _join(*parts: str) -> str:
    return '/'.join(part.strip('/') for part in parts if part)


def version_url(request: webob.Request) -> str:
    """http://host:8774/v2.1 (what the versioned app is mounted at)."""
    return request.host_url + request.script_name


def root_url(request: webob.Request) -> str:
    """http://host:8774 (the bookmark prefix, without the version)."""
    script = request.script_name
    mount = request.environ.get('novum.api_mount', '')
    if mount and script.endswith(mount):
        script = script[:-len(mount)]
    return request.host_url + script


def links(request: webob.Request, collection: str, identifier: str) -> list[dict]:
    project = _project_segment(request)
    return [
        {'rel': 'self', 'href': _join(version_url(request), project, collection,
                                      str(identifier))},
        {'rel': 'bookmark', 'href': _join(root_url(request), project, collection,
                                          str(identifier))},
    ]


def bookmark(request: webob.Request, collection: str, identifier: str) -> str:
    return _join(root_url(request), _project_segment(request), collection, str(identifier))


def collection_links(request: webob.Request, items: list, collection: str,
                     id_key: str = 'id', limit: int | None = None) -> list[dict]:
    """A "next" link when the page is full, as Nova's _get_collection_links."""
    limit = limit if limit is not None else effective_limit(request)
    if not items or len(items) != limit:
        return []
    params = dict(request.GET.items())
    params['marker'] = items[-1][id_key]
    href = _join(version_url(request), _project_segment(request), collection)
    return [{'rel': 'next', 'href': href + '?' + urllib.parse.urlencode(params)}]


# Paging --------------------------------------------------------------------------------

def limit_param(request: webob.Request) -> int | None:
    if 'limit' not in request.GET:
        return None
    try:
        limit = int(request.GET['limit'])
    except ValueError:
        raise exception.Invalid('limit param must be an integer') from None
    if limit < 0:
        raise exception.Invalid('limit param must be positive')
    return limit


def effective_limit(request: webob.Request) -> int:
    limit = limit_param(request)
    return CONF.api.max_limit if limit is None else min(limit, CONF.api.max_limit)


def marker_param(request: webob.Request) -> str | None:
    return request.GET.get('marker') or None
