from . import replenishment_simulation
from . import replenishment_simulation_line
