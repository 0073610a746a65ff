from . import integration_alert_resolve
from . import integration_chain_verification
from . import integration_message_replay
from . import integration_message_resolve
