"""novum-api options: listen address, workers, auth pipeline, paging."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Compute REST API options')

default_opts = [
    cfg.HostAddressOpt('osapi_compute_listen', default='0.0.0.0',
                       help='Address novum-api listens on.'),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help='Port novum-api listens on.'),
    cfg.IntOpt('osapi_compute_workers', min=1,
               help='Number of novum-api worker processes. Default: number of CPUs.'),
]

wsgi_group = cfg.OptGroup('wsgi', title='WSGI options')

wsgi_opts = [
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               help='PasteDeploy file that defines the API pipelines; a relative name '
                    'is looked up next to the config files, then in etc/novum.'),
]

api_opts = [
    cfg.StrOpt('auth_strategy', default='keystone', choices=('keystone', 'noauth2'),
               help='"keystone" validates tokens with keystonemiddleware; "noauth2" '
                    'trusts X-Auth-Token "user:project" and is for development only.'),
    cfg.BoolOpt('allow_insecure_noauth', default=False,
                help='Let novum-api serve auth_strategy "noauth2" on an address other '
                     'than loopback. noauth2 lets any caller claim to be admin, so '
                     'novum-api otherwise refuses to start that way.'),
    cfg.IntOpt('max_servers_per_request', default=1000, min=1,
               help='Most servers one POST /servers creates: max_count is cut to it and '
                    'a larger min_count is refused (403), even with unlimited quotas.'),
    cfg.IntOpt('max_limit', default=1000, min=1,
               help='Largest number of items a collection returns in one response.'),
    cfg.BoolOpt('enable_instance_password', default=True,
                help='Return an adminPass when a server is created, as Nova does.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(default_opts)
    conf.register_group(wsgi_group)
    conf.register_opts(wsgi_opts, group=wsgi_group)
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts() -> dict:
    return {'DEFAULT': default_opts, wsgi_group: wsgi_opts, api_group: api_opts}
