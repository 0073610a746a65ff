from . import test_routing
from . import test_critical
from . import test_logistics
from . import test_multi_company
from . import test_concurrency
from . import test_tour
