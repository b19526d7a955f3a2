"""HTTP client of the compute API, sending what python-novaclient sends: the same URLs,
X-Auth-Token, and the microversion in X-OpenStack-Nova-API-Version and (from 2.27)
OpenStack-API-Version."""

import re
from dataclasses import dataclass

import requests

SERVICE_TYPE = 'compute'
DEFAULT_API_VERSION = '2.37'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
HEADER = 'OpenStack-API-Version'
USER_AGENT = 'python-novumclient'


class ClientError(Exception):
    """An error the CLI reports in one line (`ERROR (<class name>): <message>`)."""


class CommandError(ClientError):
    pass


class ConnectionRefused(ClientError):
    pass


class ResourceInErrorState(ClientError):
    pass


class HTTPError(ClientError):
    """A 4xx/5xx answer; the message is the one in Nova's error body."""

    def __init__(self, code: int, message: str, request_id: str | None = None):
        self.code = code
        self.message = message
        self.request_id = request_id
        text = f'{message} (HTTP {code})'
        if request_id:
            text += f' (Request-ID: {request_id})'
        super().__init__(text)


class BadRequest(HTTPError):
    pass


class Unauthorized(HTTPError):
    pass


class Forbidden(HTTPError):
    pass


class NotFound(HTTPError):
    pass


class MethodNotAllowed(HTTPError):
    pass


class NotAcceptable(HTTPError):
    pass


class Conflict(HTTPError):
    pass


class OverLimit(HTTPError):
    pass


class HTTPNotImplemented(HTTPError):
    pass


_ERRORS_BY_CODE = {400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound,
                   405: MethodNotAllowed, 406: NotAcceptable, 409: Conflict, 413: OverLimit,
                   429: OverLimit, 501: HTTPNotImplemented}


def error_from_response(response: requests.Response) -> HTTPError:
    """Nova's error bodies are `{"<kind>": {"code": N, "message": "..."}}`."""
    message = None
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body:
        detail = next(iter(body.values()))
        if isinstance(detail, dict):
            message = detail.get('message') or detail.get('explanation')
        elif isinstance(detail, str):
            message = detail
    if not message:
        text = ' '.join(re.sub(r'<[^>]+>', ' ', response.text or '').split())
        message = text or response.reason or 'Unknown error'
    request_id = (response.headers.get('x-openstack-request-id')
                  or response.headers.get('x-compute-request-id'))
    cls = _ERRORS_BY_CODE.get(response.status_code, HTTPError)
    return cls(response.status_code, message, request_id)


def parse_version(version: str) -> tuple[int, int]:
    match = re.fullmatch(r'(\d+)\.(\d+)', version or '')
    if not match:
        raise CommandError(f"Invalid compute API version '{version}': use MAJOR.MINOR "
                           "(e.g. 2.37) or 'auto'.")
    return int(match.group(1)), int(match.group(2))


def version_headers(version: str) -> dict:
    """The microversion headers novaclient sends for `version`."""
    major, minor = parse_version(version)
    headers = {}
    if minor != 0:
        headers[LEGACY_HEADER] = version
    if minor >= 27:
        headers[HEADER] = f'{SERVICE_TYPE} {version}'
    return headers


@dataclass
class Credentials:
    """Where to send requests and with which token."""
    endpoint: str
    token: str
    project_id: str | None = None
    user_id: str | None = None


class Client:
    """Sends JSON requests to the compute endpoint; raises HTTPError on 4xx/5xx."""

    def __init__(self, credentials: Credentials, api_version: str = DEFAULT_API_VERSION,
                 timeout: float = 60.0, verify: bool | str = True):
        self.credentials = credentials
        self.endpoint = credentials.endpoint.rstrip('/')
        self.timeout = timeout
        self.session = requests.Session()
        self.session.verify = verify
        self.api_version = None if api_version == 'auto' else api_version
        if self.api_version:
            parse_version(self.api_version)
        self.last_request_id: str | None = None

    @property
    def project_id(self) -> str | None:
        return self.credentials.project_id

    def negotiate_version(self, wanted: str = DEFAULT_API_VERSION) -> str:
        """The highest version both we and the API speak, from the API's version document
        (GET on the endpoint, as novaclient's discovery does)."""
        document = self._send('GET', '', version=None).json()
        info = document.get('version') or {}
        server_max = info.get('version') or ''
        server_min = info.get('min_version') or ''
        if not server_max:  # An API without microversions speaks 2.0 only.
            return '2.0'
        if parse_version(server_max) < parse_version(wanted):
            return server_max
        if server_min and parse_version(server_min) > parse_version(wanted):
            raise CommandError(f'The API supports versions {server_min} to {server_max}; '
                               f'this client speaks up to {wanted}.')
        return wanted

    def _send(self, method: str, url: str, body=None, params=None,
              version: str | None = None) -> requests.Response:
        headers = {'Accept': 'application/json', 'User-Agent': USER_AGENT,
                   'X-Auth-Token': self.credentials.token}
        if body is not None:
            headers['Content-Type'] = 'application/json'
        if version:
            headers.update(version_headers(version))
        full_url = self.endpoint + url
        try:
            response = self.session.request(method, full_url, json=body, params=params,
                                            headers=headers, timeout=self.timeout)
        except requests.ConnectionError as e:
            raise ConnectionRefused(
                f'Unable to establish connection to {full_url}: {_root_cause(e)}') from None
        except requests.Timeout:
            raise ConnectionRefused(f'No answer from {full_url} within {self.timeout:.0f}s'
                                    ) from None
        self.last_response = response
        self.last_request_id = (response.headers.get('x-openstack-request-id')
                                or response.headers.get('x-compute-request-id'))
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    def request(self, method: str, url: str, body=None, params=None,
                version: str | None = None):
        """Send one request; return the decoded JSON body (None when empty)."""
        if self.api_version is None:
            self.api_version = self.negotiate_version()
        try:
            response = self._send(method, url, body, params, version or self.api_version)
        except NotAcceptable:
            # The API is older than our default: use what it declares, once.
            if version is not None:
                raise
            negotiated = self.negotiate_version(self.api_version)
            if negotiated == self.api_version:
                raise
            self.api_version = negotiated
            response = self._send(method, url, body, params, self.api_version)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return None

    def get(self, url: str, params=None, version: str | None = None):
        return self.request('GET', url, params=params, version=version)

    def post(self, url: str, body=None, version: str | None = None):
        return self.request('POST', url, body=body, version=version)

    def put(self, url: str, body=None, version: str | None = None):
        return self.request('PUT', url, body=body, version=version)

    def delete(self, url: str, version: str | None = None):
        return self.request('DELETE', url, version=version)


def _root_cause(error: Exception) -> str:
    """The innermost reason of a requests ConnectionError ("Connection refused")."""
    text = str(error)
    match = re.search(r"\[Errno -?\d+\] ([^')\"]+)", text)
    return match.group(1) if match else text.splitlines()[0][:200]
