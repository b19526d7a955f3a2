"""Field types of Novum's objects: oslo.versionedobjects' own, re-exported."""

from oslo_versionedobjects.fields import *  # noqa: F401,F403
from oslo_versionedobjects.fields import (  # noqa: F401
                                          BooleanField,
                                          DateTimeField,
                                          DictOfNullableStringsField,
                                          DictOfStringsField,
                                          FloatField,
                                          IntegerField,
                                          ListOfObjectsField,
                                          ListOfStringsField,
                                          ObjectField,
                                          StringField,
                                          UUIDField,
)
