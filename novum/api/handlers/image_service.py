"""A Glance-v2-shaped, read-only view of the built-in image catalog.

The real clients resolve `--image NAME` through the image service: openstackclient and
openstacksdk at the endpoint mounted at /image (discovery at /image, then
/image/v2/images), novaclient at <compute endpoint>/v2/images.
"""

import webob

from novum import exception
from novum.api import util
from novum.api.handlers import images


def _view(image) -> dict:
    body = {
        'id': image.id,
        'name': image.name,
        'status': image.status,
        'visibility': image.visibility,
        'protected': False,
        'tags': [],
        'container_format': image.container_format,
        'disk_format': image.disk_format,
        'min_disk': image.min_disk,
        'min_ram': image.min_ram,
        'size': image.size,
        'virtual_size': None,
        'checksum': None,
        'owner': image.owner,
        'created_at': util.isotime(image.created_at),
        'updated_at': util.isotime(image.updated_at or image.created_at),
        'self': f'/v2/images/{image.id}',
        'file': f'/v2/images/{image.id}/file',
        'schema': '/v2/schemas/image',
    }
    for key, value in (image.properties or {}).items():
        body.setdefault(key, value)
    return body


def index(request: webob.Request) -> webob.Response:
    context = util.context(request)
    found = images.visible_images(context)
    for key in ('name', 'status', 'visibility', 'id'):
        if key in request.GET:
            # Glance's "in:a,b" operator (openstackclient looks images up by id that way).
            value = request.GET[key]
            wanted = set(value[3:].split(',')) if value.startswith('in:') else {value}
            found = [image for image in found if getattr(image, key) in wanted]
    limit = util.limit_param(request)
    marker = util.marker_param(request)
    if marker is not None:
        ids = [image.id for image in found]
        found = found[ids.index(marker) + 1:] if marker in ids else []
    if limit is not None:
        found = found[:limit]
    return util.json_response({'images': [_view(image) for image in found],
                               'schema': '/v2/schemas/images', 'first': '/v2/images'})


def show(request: webob.Request, image_id: str) -> webob.Response:
    try:
        image = images.get_image(util.context(request), image_id)
    except exception.ImageNotFound:
        raise exception.NotFound(f'No image found with ID {image_id}') from None
    return util.json_response(_view(image))


def versions(request: webob.Request) -> webob.Response:
    """Glance's version document, so keystoneauth's discovery finds v2."""
    href = util.version_url(request).rstrip('/') + '/v2/'
    return util.json_response({'versions': [
        {'id': version, 'status': 'CURRENT' if version == 'v2.16' else 'SUPPORTED',
         'links': [{'rel': 'self', 'href': href}]}
        for version in ('v2.16', 'v2.0')]})


ROUTES = {
    '': {'GET': versions},
    '/': {'GET': versions},
    '/versions': {'GET': versions},
    '/v2/images': {'GET': index},
    '/v2/images/{image_id}': {'GET': show},
}
