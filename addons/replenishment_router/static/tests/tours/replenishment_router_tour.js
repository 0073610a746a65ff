/** @odoo-module **/
// Copyright 2026 Healthcare Integration Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Data of tests/test_tour.py: the central store has 200 gauze swabs; the
// pharmacy's rule was routed (a transfer of 50), the clinic's is still to
// order (30).
const PRODUCT = "Tour gauze swab 10 x 10 cm";
const CLINIC_ROW = `.o_data_row:contains('${PRODUCT}'):contains('TRCL/')`;
const PHARMACY_ROW = `.o_data_row:contains('${PRODUCT}'):contains('TRPH/')`;

registry.category("web_tour.tours").add("replenishment_router_tour", {
    url: "/odoo",
    steps: () => [
        // The replenishment report, with the rules already ordered too.
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Inventory app",
            trigger: ".o_app[data-menu-xmlid='stock.menu_stock_root']",
            run: "click",
        },
        {
            content: "Open the Operations menu",
            trigger: ".dropdown-toggle[data-menu-xmlid='stock.menu_stock_warehouse_mgmt']",
            run: "click",
        },
        {
            content: "Open the replenishment report",
            trigger: ".dropdown-item[data-menu-xmlid='stock.menu_reordering_rules_replenish']",
            run: "click",
        },
        {
            content: "Also show the rules with nothing left to order",
            trigger: ".o_searchview_facet:contains('To Reorder') .o_facet_remove",
            run: "click",
        },
        {
            content: "The To Reorder filter is removed",
            trigger: ".o_searchview:not(:has(.o_searchview_facet:contains('To Reorder')))",
        },
        {
            content: "Search the gauze",
            trigger: ".o_searchview_input",
            run: `edit ${PRODUCT} && press Enter`,
        },
        {
            content: "The pharmacy's rule shows its last decision: a transfer",
            trigger: `${PHARMACY_ROW} td[name='replenishment_kind']:contains('Transfer')`,
        },
        // Simulate the clinic's rule: nothing is ordered.
        {
            content: "Select the clinic's rule",
            trigger: `${CLINIC_ROW} .o_list_record_selector input`,
            run: "click",
        },
        {
            content: "Simulate",
            trigger: "button[name='action_replenishment_simulate']",
            run: "click",
        },
        {
            content: "The simulation explains the transfer the router would make",
            trigger: `.modal div[name='line_ids'] .o_data_row:contains('${PRODUCT}') td[name='explanation']:contains('Tour Central Store can spare 150'):contains('transfer 30')`,
        },
        {
            content: "Close the simulation",
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The list is back, nothing selected",
            trigger: `${CLINIC_ROW} .o_list_record_selector input:not(:checked)`,
        },
        // The pharmacy's last decision, and the transfer it created.
        {
            content: "Open the pharmacy rule's last decision",
            trigger: `${PHARMACY_ROW} td[name='replenishment_decision_id'] a.o_form_uri`,
            run: "click",
        },
        {
            content: "The decision explains the transfer from the central store",
            trigger: ".o_form_view div[name='explanation']:contains('Tour Central Store can spare 200'):contains('transfer 50')",
        },
        {
            content: "Open its transfers",
            trigger: ".o_form_view .oe_stat_button[name='action_view_transfers']",
            run: "click",
        },
        {
            content: "The transfer into the pharmacy is listed",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('TRPH/IN/')",
        },
        {
            content: "The central store's delivery to the pharmacy too",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('TRCS/OUT/')",
        },
        {
            content: "Open the transfer into the pharmacy",
            trigger: ".o_list_view .o_data_row td[name='name']:contains('TRPH/IN/')",
            run: "click",
        },
        {
            content: "The transfer brings the 50 swabs to the pharmacy",
            trigger: `.o_form_view div[name='move_ids_without_package'] .o_data_row:contains('${PRODUCT}'):contains('50')`,
        },
    ],
});
