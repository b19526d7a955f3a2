"""Request bodies of /servers/{id}/tags (2.26)."""

from novum.objects.tag import MAX_TAG_COUNT, MAX_TAG_LENGTH

tag = {'type': 'string', 'pattern': '^[^,/]*$', 'minLength': 1, 'maxLength': MAX_TAG_LENGTH}

update_all = {
    'type': 'object',
    'properties': {'tags': {'type': 'array', 'items': tag, 'maxItems': MAX_TAG_COUNT}},
    'required': ['tags'],
    'additionalProperties': False,
}

# PUT /servers/{id}/tags/{tag} takes no body.
update = {'type': 'null'}
