"""ImageMeta: an image of the built-in catalog (`novum-manage image register`)."""

from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class ImageMeta(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    # Version 1.1: save() (a snapshot's status and size once uploaded)
    VERSION = '1.1'

    fields = {
        'id': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'status': fields.StringField(default='active'),
        'visibility': fields.StringField(default='public'),
        'owner': fields.StringField(nullable=True),
        'disk_format': fields.StringField(nullable=True),
        'container_format': fields.StringField(nullable=True),
        'size': fields.IntegerField(nullable=True),
        'min_disk': fields.IntegerField(default=0),
        'min_ram': fields.IntegerField(default=0),
        'properties': fields.DictOfNullableStringsField(default={}),
    }

    @staticmethod
    def _from_db_object(context, image: 'ImageMeta', db_image) -> 'ImageMeta':
        image._context = context
        base.from_db_object(image, db_image, skip=('id',))
        image.id = db_image.uuid
        image.obj_reset_changes()
        return image

    @classmethod
    @base.remotable
    def get_by_id(cls, context, image_id: str) -> 'ImageMeta':
        return cls._from_db_object(context, cls(), db.image_get(context, image_id))

    @base.remotable
    def create(self) -> None:
        values = base.to_db_values(self.obj_get_changes())
        if 'id' in values:
            values['uuid'] = values.pop('id')
        self._from_db_object(self._context, self, db.image_create(self._context, values))

    @base.remotable
    def save(self) -> None:
        values = base.to_db_values(self.obj_get_changes())
        values.pop('id', None)
        if values:
            self._from_db_object(self._context, self,
                                 db.image_update(self._context, self.id, values))

    @base.remotable
    def destroy(self) -> None:
        db.image_destroy(self._context, self.id)


@base.NovumObjectRegistry.register
class ImageMetaList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('ImageMeta')}

    @classmethod
    @base.remotable
    def get_all(cls, context, filters: dict | None = None) -> 'ImageMetaList':
        return base.obj_make_list(context, cls(context), db.image_get_all(context, filters))
