"""Request bodies of /flavors/{flavor_id}/os-extra_specs (Nova's flavors_extraspecs)."""

import copy

from novum.api.schemas import parameter_types

_KEY = '^[a-zA-Z0-9-_:. ]{1,255}$'

# Like server metadata, but a value may also be a number (stored as its string).
_specs = copy.deepcopy(parameter_types.metadata)
_specs['patternProperties'][_KEY]['type'] = ['string', 'number']

create = {
    'type': 'object',
    'properties': {'extra_specs': _specs},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

# PUT /flavors/{flavor_id}/os-extra_specs/{key}: {"<key>": "<value>"}, exactly one item.
update = copy.deepcopy(_specs)
update.update({'minProperties': 1, 'maxProperties': 1})
