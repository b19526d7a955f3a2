"""Request bodies of /servers: create, update, and the server actions Novum serves."""

import copy

from novum.api.schemas import parameter_types

_server_name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                'pattern': r'^(?!\s*$)[^\x00-\x1f\x7f]*$'}

_network = {
    'type': 'object',
    'properties': {
        'fixed_ip': {'type': 'string'},
        'port': {'type': ['string', 'null'], 'format': 'uuid'},
        'uuid': {'type': 'string'},
        'tag': {'type': 'string'},
    },
    'additionalProperties': False,
}

_server_properties = {
    'name': _server_name,
    'imageRef': parameter_types.image_id_or_empty_string,
    'flavorRef': parameter_types.flavor_ref,
    'adminPass': {'type': 'string'},
    'metadata': parameter_types.metadata,
    'networks': {'type': 'array', 'items': _network},
    'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    'accessIPv4': {'type': 'string', 'format': 'ipv4'},
    'accessIPv6': {'type': 'string', 'format': 'ipv6'},
    'personality': {'type': 'array', 'items': {
        'type': 'object',
        'properties': {'path': {'type': 'string'},
                       'contents': {'type': 'string', 'format': 'base64'}},
        'additionalProperties': False}},
    'availability_zone': parameter_types.availability_zone,
    'block_device_mapping': {'type': 'array', 'items': {'type': 'object'}},
    'block_device_mapping_v2': {'type': 'array', 'items': {'type': 'object'}},
    'config_drive': parameter_types.boolean,
    'key_name': parameter_types.name,
    'min_count': parameter_types.positive_integer,
    'max_count': parameter_types.positive_integer,
    'return_reservation_id': parameter_types.boolean,
    'security_groups': {'type': 'array', 'items': {
        'type': 'object', 'properties': {'name': {'type': 'string'}},
        'additionalProperties': False}},
    'user_data': {'type': 'string', 'format': 'base64', 'maxLength': 65535},
}

create = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': _server_properties,
            'required': ['name', 'flavorRef'],
            'additionalProperties': False,
        },
        'os:scheduler_hints': {'type': 'object'},
        'OS-SCH-HNT:scheduler_hints': {'type': 'object'},
    },
    'required': ['server'],
    'additionalProperties': False,
}

# 2.19: a server has a description.
create_v219 = copy.deepcopy(create)
create_v219['properties']['server']['properties']['description'] = \
    parameter_types.description

# 2.37: "networks" is required, and may be "none" or "auto" instead of a list.
create_v237 = copy.deepcopy(create_v219)
create_v237['properties']['server']['properties']['networks'] = {
    'oneOf': [{'type': 'array', 'items': _network},
              {'type': 'string', 'enum': ['none', 'auto']}]}
create_v237['properties']['server']['required'].append('networks')

update = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': _server_name,
                'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
            },
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}

update_v219 = copy.deepcopy(update)
update_v219['properties']['server']['properties']['description'] = \
    parameter_types.description

reboot = {
    'type': 'object',
    'properties': {
        'reboot': {
            'type': 'object',
            'properties': {
                'type': {'type': 'string', 'enum': ['HARD', 'Hard', 'hard', 'SOFT', 'Soft',
                                                    'soft']},
            },
            'required': ['type'],
            'additionalProperties': False,
        },
    },
    'required': ['reboot'],
    'additionalProperties': False,
}

# os-stop and os-start take no arguments: {"os-stop": null}.
stop = {'type': 'object', 'properties': {'os-stop': {'type': ['object', 'null']}},
        'required': ['os-stop'], 'additionalProperties': False}
start = {'type': 'object', 'properties': {'os-start': {'type': ['object', 'null']}},
         'required': ['os-start'], 'additionalProperties': False}

reset_state = {
    'type': 'object',
    'properties': {
        'os-resetState': {
            'type': 'object',
            'properties': {'state': {'type': 'string', 'enum': ['active', 'error']}},
            'required': ['state'],
            'additionalProperties': False,
        },
    },
    'required': ['os-resetState'],
    'additionalProperties': False,
}


def _action(name: str) -> dict:
    """An action whose value Nova ignores ({"lock": null}, {"restore": {}}, ...)."""
    return {'type': 'object', 'properties': {name: {}}, 'required': [name],
            'additionalProperties': False}


lock = _action('lock')
unlock = _action('unlock')
inject_network_info = _action('injectNetworkInfo')
restore = _action('restore')
force_delete = _action('forceDelete')
pause = _action('pause')
unpause = _action('unpause')
suspend = _action('suspend')
resume = _action('resume')
unrescue = _action('unrescue')

rescue = {
    'type': 'object',
    'properties': {
        'rescue': {
            'type': ['object', 'null'],
            'properties': {
                # Not stored, so neither length nor pattern is limited (as Nova).
                'adminPass': {'type': 'string'},
                'rescue_image_ref': parameter_types.uuid,
            },
            'additionalProperties': False,
        },
    },
    'required': ['rescue'],
    'additionalProperties': False,
}

get_console_output = {
    'type': 'object',
    'properties': {
        'os-getConsoleOutput': {
            'type': 'object',
            'properties': {
                # -1 (and null) mean the whole log.
                'length': {'type': ['integer', 'string', 'null'], 'pattern': '^-?[0-9]+$',
                           'minimum': -1},
            },
            'additionalProperties': False,
        },
    },
    'required': ['os-getConsoleOutput'],
    'additionalProperties': False,
}

create_image = {
    'type': 'object',
    'properties': {
        'createImage': {
            'type': 'object',
            'properties': {'name': parameter_types.name, 'metadata': parameter_types.metadata},
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['createImage'],
    'additionalProperties': False,
}

rebuild = {
    'type': 'object',
    'properties': {
        'rebuild': {
            'type': 'object',
            'properties': {
                **{key: _server_properties[key] for key in (
                    'name', 'adminPass', 'metadata', 'OS-DCF:diskConfig', 'accessIPv4',
                    'accessIPv6', 'personality')},
                'imageRef': parameter_types.uuid,
                'preserve_ephemeral': parameter_types.boolean,
            },
            'required': ['imageRef'],
            'additionalProperties': False,
        },
    },
    'required': ['rebuild'],
    'additionalProperties': False,
}

rebuild_v219 = copy.deepcopy(rebuild)
rebuild_v219['properties']['rebuild']['properties']['description'] = \
    parameter_types.description



# The scheduler hints of a boot: "group" (a server group's id) is the one Novum uses.
_scheduler_hints = {'type': 'object',
                    'properties': {'group': {'type': 'string', 'format': 'uuid'}},
                    'additionalProperties': True}
for _create in (create, create_v219, create_v237):
    _create['properties']['os:scheduler_hints'] = _scheduler_hints
    _create['properties']['OS-SCH-HNT:scheduler_hints'] = _scheduler_hints


# Resize and cold migration (Nova 2.1; migrate's host arrives in 2.56, above Novum's max).
resize = {
    'type': 'object',
    'properties': {
        'resize': {
            'type': 'object',
            'properties': {
                'flavorRef': parameter_types.flavor_ref,
                'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
            },
            'required': ['flavorRef'],
            'additionalProperties': False,
        },
    },
    'required': ['resize'],
    'additionalProperties': False,
}

migrate = {
    'type': 'object',
    'properties': {'migrate': {'type': 'null'}},
    'required': ['migrate'],
    'additionalProperties': False,
}

confirm_resize = {
    'type': 'object',
    'properties': {'confirmResize': {'type': 'null'}},
    'required': ['confirmResize'],
    'additionalProperties': False,
}

revert_resize = {
    'type': 'object',
    'properties': {'revertResize': {'type': 'null'}},
    'required': ['revertResize'],
    'additionalProperties': False,
}
