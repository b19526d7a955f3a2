"""KeyPair: a user's SSH public key, injected into servers booted with key_name."""

from novum.db import api as db
from novum.objects import base, fields


@base.NovumObjectRegistry.register
class KeyPair(base.NovumPersistentObject, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.StringField(default='ssh'),
    }

    @staticmethod
    def _from_db_object(context, keypair: 'KeyPair', db_keypair) -> 'KeyPair':
        keypair._context = context
        return base.from_db_object(keypair, db_keypair)

    @classmethod
    @base.remotable
    def get_by_name(cls, context, user_id: str, name: str) -> 'KeyPair':
        return cls._from_db_object(context, cls(), db.key_pair_get(context, user_id, name))

    @classmethod
    @base.remotable
    def destroy_by_name(cls, context, user_id: str, name: str) -> None:
        db.key_pair_destroy(context, user_id, name)

    @base.remotable
    def create(self) -> None:
        values = self.obj_get_changes()
        values.pop('id', None)
        self._from_db_object(self._context, self, db.key_pair_create(self._context, values))

    @base.remotable
    def destroy(self) -> None:
        db.key_pair_destroy(self._context, self.user_id, self.name)


@base.NovumObjectRegistry.register
class KeyPairList(base.ObjectListBase, base.NovumObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('KeyPair')}

    @classmethod
    @base.remotable
    def get_by_user(cls, context, user_id: str, limit: int | None = None,
                    marker: str | None = None) -> 'KeyPairList':
        return base.obj_make_list(context, cls(context),
                                  db.key_pair_get_all_by_user(context, user_id, limit, marker))

    @classmethod
    @base.remotable
    def get_count_by_user(cls, context, user_id: str) -> int:
        return db.key_pair_count_by_user(context, user_id)
