"""Dispatch by URL prefix to the apps of api-paste.ini (/, /v2.1, /image, /identity).

A prefix followed by "+" (as Nova's "/v2.1/+") matches only paths below it, so
"/v2.1" and "/v2.1/" answer without a token while "/v2.1/servers" needs one.
"""

import webob
import webob.exc


class URLMap:
    def __init__(self, apps: dict):
        # Longest prefix first, "/v2.1+" (below only) before "/v2.1" (exact).
        self.apps = sorted(apps.items(), key=lambda item: (-len(item[0].rstrip('+')),
                                                           not item[0].endswith('+')))

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        for prefix, app in self.apps:
            below_only = prefix.endswith('+')
            prefix = prefix.rstrip('+').rstrip('/')
            if prefix == '':
                if below_only:
                    continue
                return app(environ, start_response)
            rest = path[len(prefix):]
            if not path.startswith(prefix) or (rest and not rest.startswith('/')):
                continue
            if below_only and rest in ('', '/'):
                continue
            environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + prefix
            environ['PATH_INFO'] = rest
            environ['novum.api_mount'] = prefix
            return app(environ, start_response)
        return webob.exc.HTTPNotFound()(environ, start_response)


def urlmap_factory(loader, global_conf, **local_conf) -> URLMap:
    """PasteDeploy composite factory: each "prefix = app name" line mounts an app."""
    apps = {}
    for prefix, app_name in local_conf.items():
        if not prefix.startswith('/'):
            continue
        apps[prefix] = loader.get_app(app_name, global_conf=global_conf)
    return URLMap(apps)
