"""Operator commands: services, hypervisors, availability zones, limits and quotas."""

from novum.cli import client, formatting, utils
from novum.cli.utils import arg, command

SERVICE_COLUMNS = ('id', 'binary', 'host', 'zone', 'status', 'state', 'updated_at',
                   'disabled_reason', 'forced_down')
SERVICE_LABELS = ('Id', 'Binary', 'Host', 'Zone', 'Status', 'State', 'Updated_at',
                  'Disabled Reason', 'Forced down')

# Absolute limits as novaclient groups them: name -> (used key, max key).
LIMITS = (
    ('Cores', 'totalCoresUsed', 'maxTotalCores'),
    ('Instances', 'totalInstancesUsed', 'maxTotalInstances'),
    ('RAM', 'totalRAMUsed', 'maxTotalRAMSize'),
    ('Keypairs', None, 'maxTotalKeypairs'),
    ('Server Meta', None, 'maxServerMeta'),
    ('Personality', None, 'maxPersonality'),
    ('Personality Size', None, 'maxPersonalitySize'),
    ('ImageMeta', None, 'maxImageMeta'),
    ('FloatingIps', 'totalFloatingIpsUsed', 'maxTotalFloatingIps'),
    ('SecurityGroups', 'totalSecurityGroupsUsed', 'maxSecurityGroups'),
    ('SecurityGroupRules', None, 'maxSecurityGroupRules'),
    ('ServerGroups', 'totalServerGroupsUsed', 'maxServerGroups'),
    ('ServerGroupMembers', None, 'maxServerGroupMembers'),
)


@command('service-list', 'Show a list of all running services (admin).')
@arg('--host', help='Only services on this host.')
@arg('--binary', help='Only services of this binary.')
def do_service_list(cs: client.Client, args) -> None:
    params = {key: getattr(args, key) for key in ('host', 'binary') if getattr(args, key)}
    services = cs.get('/os-services', params=params or None)['services']
    formatting.print_list(services, SERVICE_COLUMNS, args.format, SERVICE_LABELS)


def _print_service_change(service: dict, fmt: str) -> None:
    formatting.print_list([service], ('host', 'binary', 'status', 'disabled_reason'), fmt,
                          ('Host', 'Binary', 'Status', 'Disabled Reason'))


@command('service-disable', 'Disable a service (admin): the scheduler skips its host.')
@arg('host', help='Name of the host.')
@arg('binary', help='Service binary, e.g. novum-compute.')
@arg('--reason', help='Why the service is disabled.')
def do_service_disable(cs: client.Client, args) -> None:
    body = {'host': args.host, 'binary': args.binary}
    if args.reason:
        body['disabled_reason'] = args.reason
        service = cs.put('/os-services/disable-log-reason', body)['service']
    else:
        service = cs.put('/os-services/disable', body)['service']
    _print_service_change(service, args.format)


@command('service-enable', 'Enable a service (admin).')
@arg('host', help='Name of the host.')
@arg('binary', help='Service binary, e.g. novum-compute.')
def do_service_enable(cs: client.Client, args) -> None:
    service = cs.put('/os-services/enable', {'host': args.host,
                                             'binary': args.binary})['service']
    _print_service_change(service, args.format)


@command('hypervisor-list', 'List hypervisors (admin).')
@arg('--matching', metavar='HOSTNAME', help='Only hypervisors whose name contains this.')
def do_hypervisor_list(cs: client.Client, args) -> None:
    if args.matching:
        try:
            hypervisors = cs.get(f'/os-hypervisors/{args.matching}/search')['hypervisors']
        except client.NotFound:
            hypervisors = []
    else:
        hypervisors = cs.get('/os-hypervisors')['hypervisors']
    formatting.print_list(hypervisors, ('id', 'hypervisor_hostname', 'state', 'status'),
                          args.format, ('ID', 'Hypervisor hostname', 'State', 'Status'))


@command('hypervisor-show', 'Show details of a hypervisor (admin).')
@arg('hypervisor', help='Name or ID of the hypervisor.')
def do_hypervisor_show(cs: client.Client, args) -> None:
    hypervisor = utils.find_hypervisor(cs, args.hypervisor)
    if args.format != 'json' and isinstance(hypervisor.get('service'), dict):
        service = hypervisor.pop('service')
        hypervisor.update({f'service_{key}': value for key, value in service.items()})
    formatting.print_dict(hypervisor, args.format)


@command('hypervisor-stats', 'Totals of resources over all hypervisors (admin).')
def do_hypervisor_stats(cs: client.Client, args) -> None:
    formatting.print_dict(cs.get('/os-hypervisors/statistics')['hypervisor_statistics'],
                          args.format)


def _zone_rows(zone: dict) -> list[dict]:
    """novaclient's tree: the zone, then `|- host`, then `| |- binary` per service."""
    state = 'available' if (zone.get('zoneState') or {}).get('available') else 'not available'
    rows = [{'name': zone.get('zoneName'), 'status': state}]
    for host, services in sorted((zone.get('hosts') or {}).items()):
        rows.append({'name': f'|- {host}', 'status': ''})
        for binary, info in sorted(services.items()):
            enabled = 'enabled' if info.get('active') else 'disabled'
            alive = ':-)' if info.get('available') else 'XXX'
            rows.append({'name': f'| |- {binary}',
                         'status': f"{enabled} {alive} {info.get('updated_at') or ''}".strip()})
    return rows


@command('availability-zone-list', 'List the availability zones.')
def do_availability_zone_list(cs: client.Client, args) -> None:
    try:
        zones = cs.get('/os-availability-zone/detail')['availabilityZoneInfo']
    except client.Forbidden:  # Not an admin: the zones without hosts.
        zones = cs.get('/os-availability-zone')['availabilityZoneInfo']
    if args.format == 'json':
        formatting.print_dict({'availabilityZoneInfo': zones}, args.format)
        return
    rows = [row for zone in zones for row in _zone_rows(zone)]
    formatting.print_list(rows, ('name', 'status'), args.format, ('Name', 'Status'))


@command('limits', 'Show the absolute limits of the current project.')
@arg('--tenant', help='Limits of this project (admin).')
def do_limits(cs: client.Client, args) -> None:
    params = {'tenant_id': args.tenant} if args.tenant else None
    absolute = cs.get('/limits', params=params)['limits']['absolute']
    if args.format == 'json':
        formatting.print_dict(absolute, args.format)
        return
    rows = [{'name': name, 'used': absolute.get(used) if used else None,
             'max': absolute.get(maximum)}
            for name, used, maximum in LIMITS
            if maximum in absolute or (used and used in absolute)]
    formatting.print_list(rows, ('name', 'used', 'max'), args.format, ('Name', 'Used', 'Max'))


@command('quota-show', 'Show the quotas of a project (default: the current one).')
@arg('--tenant', help='ID of the project.')
@arg('--user', help='ID of the user.')
def do_quota_show(cs: client.Client, args) -> None:
    project_id = args.tenant or cs.project_id
    if not project_id:
        raise client.CommandError('Which project? Pass --tenant (the token does not say).')
    params = {'user_id': args.user} if args.user else None
    quota_set = cs.get(f'/os-quota-sets/{project_id}', params=params)['quota_set']
    quota_set.pop('id', None)
    if args.format == 'json':
        formatting.print_dict(quota_set, args.format)
        return
    formatting.print_list([{'quota': k, 'limit': v} for k, v in sorted(quota_set.items())],
                          ('quota', 'limit'), args.format, ('Quota', 'Limit'))
