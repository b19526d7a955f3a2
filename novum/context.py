"""RequestContext: who is asking and the request id that follows a call across daemons."""

from oslo_context import context as oslo_context
from oslo_db.sqlalchemy import enginefacade

from novum import exception


@enginefacade.transaction_context_provider
class RequestContext(oslo_context.RequestContext):
    """oslo.context's context plus Nova's read_deleted and remote_address."""

    def __init__(self, user_id: str | None = None, project_id: str | None = None,
                 is_admin: bool | None = None, read_deleted: str = 'no',
                 remote_address: str | None = None, **kwargs):
        kwargs.setdefault('user_id', user_id)
        kwargs.setdefault('project_id', project_id)
        super().__init__(is_admin=bool(is_admin), **kwargs)
        if is_admin is None:
            self.is_admin = 'admin' in [role.lower() for role in self.roles]
        self.read_deleted = read_deleted
        self.remote_address = remote_address

    def to_dict(self) -> dict:
        values = super().to_dict()
        values.update(read_deleted=self.read_deleted, remote_address=self.remote_address,
                      user_id=self.user_id, project_id=self.project_id)
        return values

    @classmethod
    def from_dict(cls, values: dict) -> 'RequestContext':
        return super().from_dict(
            values,
            user_id=values.get('user_id') or values.get('user'),
            project_id=values.get('project_id') or values.get('tenant'),
            read_deleted=values.get('read_deleted', 'no'),
            remote_address=values.get('remote_address'),
        )

    def elevated(self, read_deleted: str | None = None) -> 'RequestContext':
        """A copy with admin rights, for internal calls made on a user's behalf."""
        context = RequestContext.from_dict(self.to_dict())
        context.is_admin = True
        if 'admin' not in context.roles:
            context.roles.append('admin')
        if read_deleted is not None:
            context.read_deleted = read_deleted
        return context

    def can_read_deleted(self) -> bool:
        return self.read_deleted in ('yes', 'only')


def get_admin_context(read_deleted: str = 'no') -> RequestContext:
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          read_deleted=read_deleted, overwrite=False)


def require_admin_context(ctxt: RequestContext) -> None:
    if not ctxt.is_admin:
        raise exception.AdminRequired()


def authorize_project_context(ctxt: RequestContext, project_id: str) -> None:
    """Raise NotAuthorized unless the context is admin or owns project_id."""
    if not ctxt.is_admin and ctxt.project_id != project_id:
        raise exception.NotAuthorized()
