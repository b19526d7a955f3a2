"""/images: the compute API's image proxy over the built-in image catalog (up to 2.35)."""

import webob

from novum import exception, objects
from novum.api import microversion, policies, policy, util


def visible_images(context) -> list:
    """Public images and the caller's own."""
    return [image for image in objects.ImageMetaList.get_all(context)
            if image.visibility == 'public' or context.is_admin
            or image.owner == context.project_id]


def get_image(context, image_id: str):
    try:
        image = objects.ImageMeta.get_by_id(context, image_id)
    except exception.NotFound:
        raise exception.ImageNotFound(image_id=image_id) from None
    if image.visibility != 'public' and not context.is_admin \
            and image.owner != context.project_id:
        raise exception.ImageNotFound(image_id=image_id)
    return image


# Glance's image statuses as the compute API's image proxy shows them (Nova's view).
_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING', 'deleted': 'DELETED',
           'pending_delete': 'DELETED', 'killed': 'ERROR'}
_PROGRESS = {'queued': 25, 'saving': 50, 'active': 100}


def _basic(request: webob.Request, image) -> dict:
    return {'id': image.id, 'name': image.name,
            'links': util.links(request, 'images', image.id) + [{
                'rel': 'alternate', 'type': 'application/vnd.openstack.image',
                'href': util.bookmark(request, 'images', image.id)}]}


def _detail(request: webob.Request, image) -> dict:
    body = _basic(request, image)
    body.update({
        'minRam': image.min_ram,
        'minDisk': image.min_disk,
        'metadata': dict(image.properties or {}),
        'created': util.isotime(image.created_at),
        'updated': util.isotime(image.updated_at or image.created_at),
        'status': _STATUS.get(image.status, 'UNKNOWN'),
        'progress': _PROGRESS.get(image.status, 0),
        'OS-EXT-IMG-SIZE:size': image.size,
    })
    return body


def _authorize(request: webob.Request):
    microversion.require(request, '2.1', '2.35')
    context = util.context(request)
    policy.authorize(context, policies.images.BASE)
    return context


def index(request: webob.Request) -> webob.Response:
    context = _authorize(request)
    return util.json_response({'images': [_basic(request, image)
                                          for image in visible_images(context)]})


def detail(request: webob.Request) -> webob.Response:
    context = _authorize(request)
    return util.json_response({'images': [_detail(request, image)
                                          for image in visible_images(context)]})


def show(request: webob.Request, image_id: str) -> webob.Response:
    context = _authorize(request)
    return util.json_response({'image': _detail(request, get_image(context, image_id))})
