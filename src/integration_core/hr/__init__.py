"""HR master data from HR platforms: canonical records, mapping, sync plans.

- :mod:`.model`: the canonical employee, department and cost center;
- :mod:`.mapping`: raw source records to canonical ones, configured as data;
- :mod:`.batch`: a whole feed mapped, departments derived from flat rows;
- :mod:`.plan`: what a sync would change, its guards, the dry run;
- :mod:`.sources`: readers for SCIM, REST JSON, SOAP (zeep) and files.
"""
