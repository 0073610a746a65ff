from . import scim
