"""/limits: the project's absolute limits and what it uses of them."""

import webob

from novum import conf, objects
from novum.api import microversion, policies, policy, util

CONF = conf.CONF


def index(request: webob.Request) -> webob.Response:
    context = util.context(request)
    policy.authorize(context, policies.limits.BASE)
    project_id = request.GET.get('tenant_id') or context.project_id
    if project_id != context.project_id:
        policy.authorize(context, policies.limits.OTHER_PROJECT,
                         {'project_id': project_id})
    quotas = objects.Quotas.get_for_project(context, project_id)
    limit, used = quotas.limits, quotas.usage
    absolute = {
        'maxServerMeta': limit['metadata_items'],
        'maxImageMeta': limit['metadata_items'],
        'maxPersonality': CONF.quota.injected_files,
        'maxPersonalitySize': CONF.quota.injected_file_content_bytes,
        'maxTotalKeypairs': limit['key_pairs'],
        'maxServerGroups': limit['server_groups'],
        'maxServerGroupMembers': limit['server_group_members'],
        'maxTotalCores': limit['cores'],
        'maxTotalInstances': limit['instances'],
        'maxTotalRAMSize': limit['ram'],
        'totalCoresUsed': used.get('cores', 0),
        'totalInstancesUsed': used.get('instances', 0),
        'totalRAMUsed': used.get('ram', 0),
        'totalServerGroupsUsed': 0,
    }
    if not microversion.is_supported(request, '2.36'):
        # The network proxy limits Nova dropped in 2.36; Novum has no network service.
        absolute.update(maxSecurityGroups=-1, maxSecurityGroupRules=-1,
                        maxTotalFloatingIps=-1, totalFloatingIpsUsed=0,
                        totalSecurityGroupsUsed=0)
    return util.json_response({'limits': {'rate': [], 'absolute': absolute}})
