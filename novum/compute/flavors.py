"""Which flavors a caller may see and use: the one private-flavor rule."""

from novum import exception, objects


def get_visible_flavor(context, flavorid: str):
    """The flavor `flavorid`, or FlavorNotFound if the caller may not see it.

    Nova shows non-admins the public flavors and those their project was given access
    to; Novum has no flavor access lists, so a private flavor is the admins' alone.
    """
    flavor = objects.Flavor.get_by_flavor_id(context, flavorid)
    if not (flavor.is_public or context.is_admin):
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return flavor
