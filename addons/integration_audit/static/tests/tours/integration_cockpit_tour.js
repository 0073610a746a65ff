/** @odoo-module **/
// Copyright 2026 Healthcare Integration Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Data of tests/test_tour.py: the pharmacy wholesaler's connector has two
// dead letters and nothing done (down, a red card); the HR feed is healthy.
const RED_CARD = ".o_kanban_record.o_kanban_color_1:contains('Tour Pharmacy Wholesaler')";

registry.category("web_tour.tours").add("integration_audit_cockpit_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Integrations app: the overview is its first screen",
            trigger: ".o_app[data-menu-xmlid='integration_audit.integration_audit_menu_root']",
            run: "click",
        },
        {
            content: "The healthy HR feed has a green card",
            trigger: ".o_kanban_record.o_kanban_color_10:contains('Tour HR Feed')",
        },
        {
            content: "The wholesaler's card is red and shows its two dead letters",
            trigger: `${RED_CARD} button[name='action_view_dead_letters']:contains('2 Dead letters')`,
            run: "click",
        },
        {
            content: "Its dead letters are listed; open the first one",
            trigger: ".o_list_view .o_data_row:first td[name='name']:contains('tour_wholesaler/send_order')",
            run: "click",
        },
        {
            content: "The message is a dead letter: replay it",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Dead letter')",
        },
        {
            content: "Replay",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_replay']",
            run: "click",
        },
        {
            content: "The message is queued again",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Queued')",
        },
        {
            content: "Back to the overview",
            trigger: ".o_breadcrumb .breadcrumb-item:first a",
            run: "click",
        },
        {
            content: "Open the red card's alerts",
            trigger: `${RED_CARD} button[name='action_view_alerts']`,
            run: "click",
        },
        {
            content: "Open the dead-letter alert",
            trigger: ".o_data_row td[name='name']:contains('Dead letters: send_order')",
            run: "click",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_acknowledge']",
            run: "click",
        },
        {
            content: "The alert is acknowledged",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Acknowledged')",
        },
    ],
});
