"""Tag: a server's tag (2.26); TagList: a server's tags."""

from novum.db import api as db
from novum.objects import base, fields

MAX_TAG_LENGTH = 60
MAX_TAG_COUNT = 50      # per server, as Nova's objects.instance.MAX_TAG_COUNT


@base.NovumObjectRegistry.register
class Tag(base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'resource_id': fields.StringField(),
        'tag': fields.StringField(),
    }

    @base.remotable
    def create(self) -> None:
        """Add the tag (adding one the server has changes nothing)."""
        db.instance_tag_add(self._context, self.resource_id, self.tag)

    @classmethod
    @base.remotable
    def destroy(cls, context, resource_id: str, name: str) -> None:
        db.instance_tag_delete(context, resource_id, name)

    @classmethod
    @base.remotable
    def exists(cls, context, resource_id: str, name: str) -> bool:
        return db.instance_tag_exists(context, resource_id, name)


@base.NovumObjectRegistry.register
class TagList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Tag')}

    @classmethod
    def _make(cls, context, resource_id: str, tags: list[str]) -> 'TagList':
        result = cls(context, objects=[Tag(context, resource_id=resource_id, tag=tag)
                                       for tag in tags])
        result.obj_reset_changes()
        return result

    @classmethod
    @base.remotable
    def get_by_resource_id(cls, context, resource_id: str) -> 'TagList':
        return cls._make(context, resource_id,
                         db.instance_tag_get_by_instance_uuid(context, resource_id))

    @classmethod
    @base.remotable
    def create(cls, context, resource_id: str, tags: list[str]) -> 'TagList':
        """Replace the server's tags with `tags`."""
        return cls._make(context, resource_id, db.instance_tag_set(context, resource_id, tags))

    @classmethod
    @base.remotable
    def destroy(cls, context, resource_id: str) -> None:
        db.instance_tag_delete_all(context, resource_id)
