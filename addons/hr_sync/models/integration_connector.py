# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import file_open

from integration_core.errors import IntegrationError
from integration_core.hr.plan import Guards
from integration_core.hr.rest import RestReader
from integration_core.hr.scim import SCIM_MAPPING, ScimClient
from integration_core.hr.soap import WORKDAY_MAPPING, SoapReader
from integration_core.hr.sources import read_file
from integration_core.transport.http import HttpTransport

_logger = logging.getLogger(__name__)

HR_SOURCES = [
    ("file", "File (CSV / XLSX)"),
    ("scim_client", "SCIM 2.0 (Odoo pulls)"),
    ("scim_push", "SCIM 2.0 (the platform pushes to Odoo)"),
    ("rest", "REST JSON"),
    ("soap", "SOAP (WSDL)"),
]
PULL_SOURCES = ("scim_client", "rest", "soap")
DEMO_FILE = "hr_sync/data/hospital_network_employees.csv"
DEMO_MAPPING = "hr_sync/data/hospital_network_mapping.json"
DEMO_COMPANIES = [
    ("SOUTH", "South Bay Clinic"),
    ("LAB", "Regional Lab Services"),
]


class IntegrationConnector(models.Model):
    _inherit = "integration.connector"

    hr_source = fields.Selection(
        HR_SOURCES,
        string="HR Source",
        tracking=True,
        help="How this HR connector gets its records.",
    )
    hr_mapping_id = fields.Many2one(
        "hr.sync.mapping",
        string="Mapping in Force",
        readonly=True,
        copy=False,
        domain="[('connector_id', '=', id)]",
    )
    hr_mapping_ids = fields.One2many(
        "hr.sync.mapping", "connector_id", string="Mapping Versions"
    )
    hr_mapping_spec = fields.Text(
        string="Field Mapping",
        compute="_compute_hr_mapping_spec",
        inverse="_inverse_hr_mapping_spec",
        help="JSON: canonical field -> {path, transforms}, per record kind. "
        "Saving a change saves a new version.",
    )
    hr_mapping_version = fields.Integer(
        related="hr_mapping_id.version", string="Mapping Version"
    )
    hr_company_ids = fields.Many2many(
        "res.company",
        "integration_connector_hr_company_rel",
        "connector_id",
        "company_id",
        string="Companies It May Write",
        help="Entity codes in the feed route employees to these companies only. "
        "Empty: the connector's own company.",
    )
    hr_deactivation_share = fields.Float(
        string="Max Deactivation Share (%)",
        default=5.0,
        help="A run that would deactivate more than this share of a company's "
        "active employees is stopped before anything is applied.",
    )
    hr_deactivation_count = fields.Integer(
        string="Max Deactivations",
        help="A run that would deactivate more employees than this is stopped. "
        "0: no count limit (the share still applies).",
    )
    hr_watermark = fields.Char(
        string="Delta Watermark",
        copy=False,
        help="Where the next delta read starts (set by each successful run).",
    )
    hr_full_interval_days = fields.Integer(
        string="Full Reconciliation Every (days)",
        default=7,
        help="Scheduled runs read only changes since the watermark; every this "
        "many days they read everything and deactivate who left.",
    )
    hr_last_full_at = fields.Datetime(string="Last Full Run", readonly=True, copy=False)
    hr_create_manager_users = fields.Boolean(
        string="Give Managers a User",
        help="Link department managers to the Odoo user with their work email, "
        "or invite one, so that they can log in and approve purchases.",
    )
    hr_records_path = fields.Char(
        string="Records Path",
        help="REST: where the list of records is in each answer (e.g. data, "
        "employees); empty when the answer is the list.",
    )
    hr_pagination = fields.Selection(
        [
            ("none", "None"),
            ("page", "Page number"),
            ("offset", "Offset"),
            ("cursor", "Cursor"),
            ("link", "Link header"),
        ],
        string="Pagination",
        default="none",
    )
    hr_page_size = fields.Integer(string="Page Size", default=100)
    hr_size_param = fields.Char(
        string="Page Size Parameter",
        default="per_page",
        help="REST: query parameter carrying the page size (e.g. per_page, limit).",
    )
    hr_next_path = fields.Char(
        string="Next Page Path",
        help="REST: where the answer gives the next cursor (cursor pagination, "
        "e.g. meta.next_cursor) or the next page's URL (link pagination, when "
        "it is in the body rather than a Link header).",
    )
    hr_since_param = fields.Char(
        string="Changed-Since Parameter",
        help="REST: query parameter that asks for changes since the watermark.",
    )
    hr_soap_operation = fields.Char(
        string="SOAP Operation",
        default="Get_Workers",
        help="SOAP: the operation of the WSDL (the endpoint) that lists workers.",
    )
    hr_run_ids = fields.One2many("hr.sync.run", "connector_id", string="Sync Runs")
    hr_run_count = fields.Integer(compute="_compute_hr_run_count")
    hr_employee_count = fields.Integer(compute="_compute_hr_run_count")

    @api.depends("hr_mapping_id.spec")
    def _compute_hr_mapping_spec(self):
        for connector in self:
            connector.hr_mapping_spec = connector.hr_mapping_id.spec or False

    def _inverse_hr_mapping_spec(self):
        for connector in self:
            spec = connector.hr_mapping_spec
            if not spec or _same_json(spec, connector.hr_mapping_id.spec):
                continue
            connector.hr_mapping_id = self.env["hr.sync.mapping"].create(
                {"connector_id": connector.id, "spec": spec}
            )

    def _compute_hr_run_count(self):
        runs = dict(
            self.env["hr.sync.run"]._read_group(
                [("connector_id", "in", self.ids)], ["connector_id"], ["__count"]
            )
        )
        employees = dict(
            self.env["hr.employee"]
            .sudo()
            ._read_group(
                [("hr_sync_connector_id", "in", self.ids)],
                ["hr_sync_connector_id"],
                ["__count"],
            )
        )
        for connector in self:
            connector.hr_run_count = runs.get(connector, 0)
            connector.hr_employee_count = employees.get(connector, 0)

    def action_hr_sync(self):
        """Read the source and apply what changed; open the run."""
        self.ensure_one()
        return self._hr_sync(dry_run=False)._open_action()

    def action_hr_dry_run(self):
        """Read the source and show what a sync would change, applying nothing."""
        self.ensure_one()
        return self._hr_sync(dry_run=True)._open_action()

    def action_hr_upload(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload an HR File"),
            "res_model": "hr.sync.upload",
            "view_mode": "form",
            "target": "new",
            "context": {"default_connector_id": self.id},
        }

    def action_view_hr_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_sync.hr_sync_run_action"
        )
        action["domain"] = [("connector_id", "=", self.id)]
        action["context"] = {"default_connector_id": self.id}
        return action

    def _hr_sync(self, *, dry_run, feed=None, full=None, initiator="user"):
        """Read the feed (unless given), plan it and apply it unless ``dry_run``."""
        self.ensure_one()
        self._hr_check_ready()
        if feed is None:
            since = None if full else (self.hr_watermark or None)
            feed = self._hr_read_feed(since)
        return self.env["hr.sync.run"]._run(
            self, feed, dry_run=dry_run, initiator=initiator
        )

    def _hr_check_ready(self):
        if self.system_kind != "hr" or not self.hr_source:
            raise UserError(
                self.env._(
                    "Connector %s is no HR connector: set its HR source.", self.name
                )
            )
        if not self.hr_mapping_id:
            raise UserError(
                self.env._("Connector %s has no field mapping yet.", self.name)
            )

    def _hr_read_feed(self, since=None):
        """Read the source; dispatches to ``_hr_read_feed_<source>``."""
        reader = getattr(self, f"_hr_read_feed_{self.hr_source}", None)
        if reader is None:
            raise UserError(
                self.env._(
                    "Connector %(name)s: an HR source of kind %(kind)s is not read "
                    "by Odoo; %(hint)s",
                    name=self.name,
                    kind=self.hr_source,
                    hint=self.env._(
                        "upload a file for file connectors; SCIM push connectors "
                        "receive their changes at /scim/v2."
                    ),
                )
            )
        return reader(since)

    def _hr_transport(self):
        """An authenticated HTTP transport to the connector's endpoint."""
        if not self.endpoint:
            raise UserError(
                self.env._("Connector %s: set the endpoint first.", self.name)
            )
        auth = self._http_auth()
        if self.auth_method == "api_key" and self.hr_source == "scim_client":
            auth = ("bearer", self._get_secret("api_key") or "")
        return HttpTransport(
            self.endpoint,
            auth=auth,
            timeout=(self.timeout, self.timeout),
            headers={"Accept": "application/json"},
        )

    def _hr_read_feed_scim_client(self, since):
        with self._hr_transport() as transport:
            client = ScimClient(transport, self.endpoint, page_size=self.hr_page_size)
            return self._hr_reading(lambda: client.read(since=since))

    def _hr_read_feed_rest(self, since):
        with self._hr_transport() as transport:
            reader = RestReader(
                transport,
                self.endpoint,
                records_path=self.hr_records_path or None,
                pagination=self.hr_pagination or "none",
                page_size=self.hr_page_size,
                size_param=self.hr_size_param or "",
                since_param=self.hr_since_param or None,
                **self._hr_next_page_options(),
            )
            return self._hr_reading(lambda: reader.read(since=since))

    def _hr_next_page_options(self):
        if not self.hr_next_path:
            return {}
        if self.hr_pagination == "cursor":
            return {"next_cursor_path": self.hr_next_path}
        if self.hr_pagination == "link":
            return {"next_link_path": self.hr_next_path}
        return {}

    def _hr_read_feed_soap(self, since):
        username = password = None
        if self.auth_method == "basic":
            username, password = self.username, self._get_secret("password")
        with SoapReader(
            self.endpoint,
            operation=self.hr_soap_operation or "Get_Workers",
            username=username,
            password=password,
            timeout=self.timeout,
            page_size=self.hr_page_size,
        ) as reader:
            return self._hr_reading(lambda: reader.read(since=since))

    def _hr_reading(self, read):
        """Run a reader; its failure is logged on the connector and shown."""
        try:
            return read()
        except IntegrationError as error:
            message = self.env["integration.message"]._log_open(
                self,
                "hr_read_feed",
                direction="inbound",
                idempotency_reference={"at": fields.Datetime.now().isoformat()},
                initiator="user",
            )
            message._log_fail_permanently(error)
            raise UserError(
                self.env._(
                    "Reading HR connector %(name)s failed: %(error)s",
                    name=self.name,
                    error=error,
                )
            ) from error

    @api.model_create_multi
    def create(self, vals_list):
        connectors = super().create(vals_list)
        connectors._hr_set_default_mapping()
        return connectors

    def write(self, vals):
        result = super().write(vals)
        if "hr_source" in vals:
            self._hr_set_default_mapping()
        return result

    def _hr_set_default_mapping(self):
        """SCIM and SOAP connectors start with their standard mapping."""
        presets = {
            "scim_client": SCIM_MAPPING,
            "scim_push": SCIM_MAPPING,
            "soap": WORKDAY_MAPPING,
        }
        for connector in self.filtered(lambda c: not c.hr_mapping_id):
            preset = presets.get(connector.hr_source)
            if preset:
                connector.hr_mapping_id = self.env["hr.sync.mapping"].create(
                    {
                        "connector_id": connector.id,
                        "spec": json.dumps(preset, indent=2),
                        "note": self.env._("Standard mapping"),
                    }
                )

    def _hr_guards(self):
        self.ensure_one()
        return Guards(
            max_deactivation_share=self.hr_deactivation_share / 100.0,
            max_deactivation_count=self.hr_deactivation_count or None,
        )

    def _hr_companies(self):
        self.ensure_one()
        return self.hr_company_ids | self.company_id

    def action_hr_fetch_inbox(self):
        """Process the files waiting in the connector's SFTP inbox now."""
        self.ensure_one()
        runs = self._hr_poll_inbox(initiator="user")
        if len(runs) == 1:
            return runs._open_action()
        action = self.action_view_hr_runs()
        action["domain"] = [("id", "in", runs.ids)]
        return action

    def _hr_poll_inbox(self, initiator="cron"):
        """Sync each file of the SFTP inbox, oldest name first.

        A file is moved to the archive once its run applied, to the error
        folder when it cannot be read or a guard stopped it (the run alerts
        the owner). Each file is logged with its content.
        """
        self.ensure_one()
        self._hr_check_ready()
        runs = self.env["hr.sync.run"]
        with self._sftp_transport() as transport:
            inbox = self._hr_reading(transport.receive)
            for message in sorted(inbox, key=lambda message: message.name):
                run, problem = self._hr_sync_file(message, initiator)
                runs |= run
                transport.acknowledge(message, processed=not problem, reason=problem)
        return runs

    def _hr_sync_file(self, inbound, initiator):
        """Sync one received file; return ``(run, problem or "")``."""
        log = self.env["integration.message"]._log_open(
            self,
            "hr_receive_file",
            direction="inbound",
            idempotency_reference={
                "file": inbound.reference,
                "received_at": inbound.received_at.isoformat(),
                "size": len(inbound.content),
            },
            payload=inbound.content,
            payload_name=inbound.name,
            initiator=initiator,
        )
        try:
            feed = read_file(inbound.content, inbound.name)
        except IntegrationError as error:
            log._log_fail_permanently(error)
            self._raise_alert(
                self.env._("HR file %s could not be read", inbound.name),
                str(error),
                kind="business",
                record=log,
            )
            return self.env["hr.sync.run"], str(error)
        run = self._hr_sync(dry_run=False, feed=feed, initiator=initiator)
        if run.state == "stopped":
            log._log_fail_permanently(IntegrationError(run.guard_message))
            return run, run.guard_message
        log._log_done(note=run.name)
        return run, ""

    def _run_scheduled(self):
        if self.system_kind == "hr" and self.hr_source == "file":
            if self.transport == "sftp":
                return self._hr_poll_inbox()
            return super()._run_scheduled()
        if self.system_kind != "hr" or self.hr_source not in PULL_SOURCES:
            return super()._run_scheduled()
        full = not self.hr_last_full_at or (
            self.hr_last_full_at
            + datetime.timedelta(days=max(self.hr_full_interval_days, 0))
            <= fields.Datetime.now()
        )
        return self._hr_sync(dry_run=False, full=full, initiator="cron")

    @api.model
    def _hr_load_demo(self):
        """Demo: the North Valley network's HR file synced, and an order
        waiting for the head of Cardiology."""
        main = self.env.ref("base.main_company")
        main.write(
            {
                "name": "North Valley Hospital",
                "hr_entity_code": "NORTH",
                "po_double_validation": "two_step",
                "po_double_validation_amount": 1000,
            }
        )
        companies = main
        for code, name in DEMO_COMPANIES:
            company = self.env["res.company"].search([("hr_entity_code", "=", code)])
            companies |= company or self.env["res.company"].create(
                {
                    "name": name,
                    "hr_entity_code": code,
                    "po_double_validation": "two_step",
                }
            )
        self.env.user.company_ids |= companies
        connector = self.create(
            {
                "name": "North Valley HR (payroll file)",
                "code": "hr_payroll_file",
                "system_kind": "hr",
                "direction": "inbound",
                "transport": "none",
                "partner_system": "Payroll export",
                "hr_source": "file",
                "hr_company_ids": [(6, 0, companies.ids)],
                "hr_create_manager_users": True,
                # The administrator receives its alerts, as in integration_audit.
                "user_id": self.env.ref("base.user_admin").id,
            }
        )
        with file_open(DEMO_MAPPING, "rb") as mapping_file:
            connector.hr_mapping_spec = mapping_file.read().decode()
        with file_open(DEMO_FILE, "rb") as demo_file:
            feed = read_file(demo_file.read(), "hospital_network_employees.csv")
        connector._hr_sync(dry_run=False, feed=feed, initiator="user")
        medicine = self.env["hr.department"].search(
            [("hr_sync_external_id", "=", "N-MED")], limit=1
        )
        self.env["hr.sync.approval.limit"].create(
            {"company_id": main.id, "department_id": medicine.id, "amount": 25000}
        )
        self._hr_demo_order(main)
        return connector

    @api.model
    def _hr_demo_order(self, company):
        cardiology = self.env["hr.department"].search(
            [("hr_sync_external_id", "=", "N-CARD")], limit=1
        )
        buyer = self.env["res.users"].create(
            {
                "name": "Ward Buyer (Cardiology)",
                "login": "ward.buyer@northvalley.example",
                "email": "ward.buyer@northvalley.example",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, self.env.ref("purchase.group_purchase_user").ids)],
            }
        )
        vendor = self.env["res.partner"].create(
            {"name": "MedSupply Distribution", "is_company": True}
        )
        product = self.env["product.product"].create(
            {
                "name": "Cardiac monitor electrodes (case of 600)",
                "standard_price": 180.0,
            }
        )
        order = (
            self.env["purchase.order"]
            .with_user(buyer)
            .with_company(company)
            .create(
                {
                    "partner_id": vendor.id,
                    "requesting_department_id": cardiology.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_qty": 20,
                                "price_unit": 180.0,
                            },
                        )
                    ],
                }
            )
        )
        order.button_confirm()
        return order


def _same_json(left, right):
    try:
        return json.loads(left or "null") == json.loads(right or "null")
    except ValueError:
        return False
