"""TagAPI: a server's tags (2.26), what the /servers/{id}/tags handlers call.

As Nova: tags change only while the server is active, paused, suspended or stopped
(409 otherwise, locked or not), at most MAX_TAG_COUNT per server.
"""

from novum import exception, objects
from novum.compute import states, vm_states
from novum.objects.tag import MAX_TAG_COUNT

_TAGGABLE = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED, vm_states.STOPPED)


def _action(name: str) -> states.Action:
    return states.Action(name, None, vm_states=_TAGGABLE, task_states=states.ANY,
                         must_have_launched=False)


UPDATE_TAG = _action('update tag')
UPDATE_TAGS = _action('update tags')
DELETE_TAG = _action('delete tag')
DELETE_TAGS = _action('delete tags')


class TagAPI:
    @staticmethod
    def get_all(context, instance) -> list[str]:
        return [tag.tag for tag in objects.TagList.get_by_resource_id(context, instance.uuid)]

    @staticmethod
    def exists(context, instance, tag: str) -> bool:
        return objects.Tag.exists(context, instance.uuid, tag)

    def add(self, context, instance, tag: str) -> bool:
        """Add `tag`; False if the server had it already (nothing changes)."""
        UPDATE_TAG.check(instance)
        tags = self.get_all(context, instance)
        if len(tags) >= MAX_TAG_COUNT:
            raise exception.TooManyInstanceTags(limit=MAX_TAG_COUNT)
        if tag in tags:
            return False
        objects.Tag(context, resource_id=instance.uuid, tag=tag).create()
        return True

    @staticmethod
    def set_all(context, instance, tags: list[str]) -> list[str]:
        UPDATE_TAGS.check(instance)
        return [tag.tag for tag in objects.TagList.create(context, instance.uuid, tags)]

    @staticmethod
    def delete(context, instance, tag: str) -> None:
        DELETE_TAG.check(instance)
        objects.Tag.destroy(context, instance.uuid, tag)

    @staticmethod
    def delete_all(context, instance) -> None:
        DELETE_TAGS.check(instance)
        objects.TagList.destroy(context, instance.uuid)
