from . import test_sync
from . import test_approval
from . import test_scim
from . import test_tour
from . import test_sftp_inbox
from . import test_pull_sources
