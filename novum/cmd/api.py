"""novum-api: serves the compute REST API v2.1 with eventlet's WSGI server and workers."""

import socket
import sys

import eventlet
import eventlet.wsgi
from oslo_concurrency import processutils
from oslo_log import log as logging
from oslo_service import service as oslo_service

from novum import conductor, conf, config, context, rpc, service
from novum.api import auth
from novum.api import wsgi as api_wsgi

CONF = conf.CONF
LOG = logging.getLogger(__name__)


class WSGIService(oslo_service.ServiceBase):
    """One listening socket, opened before workers fork, each worker serving it."""

    def __init__(self, name: str, app, host: str, port: int):
        self.name = name
        self.app = app
        self.socket = eventlet.listen((host, port), family=socket.AF_INET6 if ':' in host
                                      else socket.AF_INET, backlog=128)
        self.host, self.port = self.socket.getsockname()[:2]
        self._server = None

    def start(self) -> None:
        self._server = eventlet.spawn(
            eventlet.wsgi.server, self.socket, self.app, log=_WSGILog(),
            custom_pool=eventlet.GreenPool(1000), socket_timeout=900)
        LOG.info('%s started on host %s, listening on %s:%s', self.name, CONF.host,
                 self.host, self.port)

    def stop(self) -> None:
        if self._server is not None:
            self._server.kill()
            self._server = None

    def wait(self) -> None:
        if self._server is not None:
            try:
                self._server.wait()
            except eventlet.greenlet.GreenletExit:
                pass

    def reset(self) -> None:
        pass


class _WSGILog:
    """eventlet.wsgi's access log, written to the oslo.log logger at INFO."""

    def write(self, message: str) -> None:
        LOG.info(message.rstrip())


def main() -> None:
    config.parse_args(sys.argv)
    try:
        auth.check_auth_strategy(CONF.osapi_compute_listen)
    except auth.InsecureNoAuth as error:
        LOG.error('%s', error.format_message())
        sys.exit(error.format_message())
    service.setup_conductor_access('novum-api')
    conductor.API().wait_until_ready(context.get_admin_context())
    # The ping opened an AMQP connection; workers fork next and must not share it.
    rpc.cleanup()
    rpc.init(CONF)
    service.setup_conductor_access('novum-api')
    server = wsgi_service()
    workers = CONF.osapi_compute_workers or processutils.get_worker_count()
    service.serve(server, workers=workers)
    service.wait()


def wsgi_service() -> WSGIService:
    """The API server on [DEFAULT] osapi_compute_listen(_port), for novum-all."""
    auth.check_auth_strategy(CONF.osapi_compute_listen)
    return WSGIService('novum-api', api_wsgi.load_app(), CONF.osapi_compute_listen,
                       CONF.osapi_compute_listen_port)
