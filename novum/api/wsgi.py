"""Load the API's WSGI application from api-paste.ini, in novum-api or under a WSGI server.

For gunicorn or uwsgi: `gunicorn 'novum.api.wsgi:init_application()'`, or import
`novum.api.wsgi:application`, which reads the config files named by NOVUM_CONFIG_FILES
(comma separated; default /etc/novum/novum.conf when it exists).
"""

import os
import threading

from paste import deploy

from novum import conductor, conf, config, context, exception, service

CONF = conf.CONF
_REPO_ETC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'etc', 'novum')


def find_paste_config() -> str:
    path = CONF.wsgi.api_paste_config
    if not os.path.isabs(path):
        path = CONF.find_file(path) or os.path.join(_REPO_ETC, os.path.basename(path))
    if not os.path.exists(path):
        raise exception.ConfigNotFound(path=CONF.wsgi.api_paste_config)
    return os.path.abspath(path)


def load_app(name: str = 'osapi_compute'):
    """The app `name` of the paste config (the whole API by default)."""
    return deploy.loadapp(f'config:{find_paste_config()}', name=name)


def init_application(config_files: list[str] | None = None):
    """Parse config, reach the conductor, and return the API app (for WSGI servers)."""
    if config_files is None:
        env = os.environ.get('NOVUM_CONFIG_FILES')
        config_files = [p for p in env.split(',') if p] if env else [
            p for p in ('/etc/novum/novum.conf',) if os.path.exists(p)]
    argv = ['novum-api']
    for path in config_files:
        argv += ['--config-file', path]
    config.parse_args(argv)
    service.setup_conductor_access('novum-api')
    conductor.API().wait_until_ready(context.get_admin_context())
    return load_app()


class _LazyApplication:
    """`application` for WSGI servers: initialised on the first request of a worker."""

    def __init__(self):
        self._app = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self._app is None:
            with self._lock:    # threaded workers: initialise once
                if self._app is None:
                    self._app = init_application()
        return self._app(environ, start_response)


application = _LazyApplication()
