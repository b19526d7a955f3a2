"""[quota] default per-project limits, as Nova names them."""

from oslo_config import cfg

quota_group = cfg.OptGroup('quota', title='Per-project quota defaults')

quota_opts = [
    cfg.IntOpt('instances', default=10, min=-1, help='Instances per project; -1 unlimited.'),
    cfg.IntOpt('cores', default=20, min=-1, help='vCPUs per project; -1 unlimited.'),
    cfg.IntOpt('ram', default=50 * 1024, min=-1, help='MB of RAM per project; -1 unlimited.'),
    cfg.IntOpt('metadata_items', default=128, min=-1,
               help='Metadata items per instance; -1 unlimited.'),
    cfg.IntOpt('injected_files', default=5, min=-1,
               help='Files a server may be created with (personality); -1 unlimited.'),
    cfg.IntOpt('injected_file_content_bytes', default=10 * 1024, min=-1,
               help='Bytes of one injected file; -1 unlimited.'),
    cfg.IntOpt('injected_file_path_length', default=255, min=-1,
               help='Characters of the path of an injected file; -1 unlimited.'),
    cfg.IntOpt('key_pairs', default=100, min=-1, help='Key pairs per user; -1 unlimited.'),
    cfg.IntOpt('server_groups', default=10, min=-1, help='Server groups per project.'),
    cfg.IntOpt('server_group_members', default=10, min=-1, help='Servers per server group.'),
    cfg.BoolOpt('recheck_quota', default=True,
                help='Count usage again after creating instances or key pairs and remove '
                     'what went over the limits (403), so that concurrent requests can '
                     'never exceed a quota together (as Nova\'s recheck_quota).'),
    # Nova's network quotas: Novum has no network service, so these are only the limits
    # quota sets show before 2.36.
    cfg.IntOpt('floating_ips', default=10, min=-1,
               help='Floating IPs per project, as quota sets show it (no network service).'),
    cfg.IntOpt('fixed_ips', default=-1, min=-1,
               help='Fixed IPs per project, as quota sets show it (no network service).'),
    cfg.IntOpt('security_groups', default=10, min=-1,
               help='Security groups per project, as quota sets show it (no network '
                    'service).'),
    cfg.IntOpt('security_group_rules', default=20, min=-1,
               help='Rules per security group, as quota sets show it (no network '
                    'service).'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts() -> dict:
    return {quota_group: quota_opts}
