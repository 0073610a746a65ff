from . import test_chain
from . import test_connector
from . import test_message_lifecycle
from . import test_replay
from . import test_security
from . import test_vault
