/** @odoo-module **/
// Copyright 2026 Healthcare Integration Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// A ship notice as the distributor's EDI system sends it during onboarding,
// with one mistake: the shipment date of segment 7 (DTM*011) is 2026-13-32.
const FAULTY_856 = [
    "ISA*00*          *00*          *ZZ*MEDSURGDIST    *ZZ*STMARYMC       *261203*0930*U*00401*000000700*0*T*>",
    "GS*SH*MEDSURGDIST*STMARYMC*20261203*0930*700*X*004010",
    "ST*856*0001",
    "BSN*00*SH900*20261203*0930*0001",
    "HL*1**S*1",
    "TD1*CTN25*2****G*38.6*LB",
    "TD5**2*UPSN",
    "REF*CN*1Z999AA10123456784",
    "DTM*011*20261332",
    "DTM*017*20261205",
    "HL*2*1*O*1",
    "PRF*P00012***20261201",
    "HL*3*2*P*1",
    "MAN*GM*00614141",
    "HL*4*3*I*0",
    "LIN*1*VN*SY-10LL",
    "SN1**10*EA",
    "CTT*4",
    "SE*17*0001",
    "GE*1*700",
    "IEA*1*000000700",
]
    .map((segment) => segment + "~\n")
    .join("");

function openSupplierEdiMenu(menu) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Integrations app",
            trigger: ".o_app[data-menu-xmlid='integration_audit.integration_audit_menu_root']",
            run: "click",
        },
        {
            content: "Open the Supplier EDI menu",
            trigger: ".dropdown-toggle[data-menu-xmlid='supplier_edi.supplier_edi_menu_root']",
            run: "click",
        },
        {
            content: `Open ${menu}`,
            trigger: `.dropdown-item[data-menu-xmlid='supplier_edi.${menu}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("supplier_edi_tour", {
    url: "/odoo",
    steps: () => [
        // Onboarding: a faulty sample file is rejected with its location.
        ...openSupplierEdiMenu("supplier_edi_profile_menu"),
        {
            content: "Open the distributor's profile",
            trigger: ".o_data_row td[name='name']:contains('Tour MedSurg X12')",
            run: "click",
        },
        {
            content: "Open its Onboarding tab",
            trigger: ".o_notebook .nav-link:contains('Onboarding')",
            run: "click",
        },
        {
            content: "Add a sample file",
            trigger: "div[name='sample_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the supplier's ship notice",
            trigger: ".modal div[name='file']",
            run() {
                const input = document.querySelector(
                    ".modal div[name='file'] input[type='file']"
                );
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File([FAULTY_856], "ship_notice.x12", {type: "text/plain"})
                );
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The file is loaded",
            trigger: ".modal div[name='file'] .o_clear_file_button",
        },
        {
            content: "Name the sample",
            trigger: ".modal div[name='name'] input",
            run: "edit tour_faulty_856.x12",
        },
        {
            content: "Save the sample",
            trigger: ".modal .o_form_button_save:contains('Save & Close')",
            run: "click",
        },
        {
            content: "The sample is listed",
            trigger: "div[name='sample_ids'] .o_data_row:contains('tour_faulty_856.x12')",
        },
        {
            content: "Save the profile: the engine checks the sample",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
        },
        {
            content: "The sample failed",
            trigger:
                "div[name='sample_ids'] .o_data_row:contains('tour_faulty_856.x12'):contains('Failed')",
        },
        {
            content: "Open the sample",
            trigger:
                "div[name='sample_ids'] .o_data_row:contains('tour_faulty_856.x12') td[name='name']",
            run: "click",
        },
        {
            content: "The report locates the bad date: segment 7, DTM",
            trigger: ".modal div[name='report']:contains('segment 7 DTM'):contains('not a date')",
        },
        {
            content: "Close the sample",
            trigger: ".modal .modal-footer .o_form_button_cancel",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        // Invoicing: a held bill is released with a reason.
        ...openSupplierEdiMenu("account_move_menu_edi_held"),
        {
            content: "Open the distributor's held bill",
            trigger:
                ".o_data_row:contains('Tour MedSurg Distribution') td[name='invoice_partner_display_name']",
            run: "click",
        },
        {
            content: "The bill is held: the price is over tolerance",
            trigger: ".alert-danger:contains('Held'):contains('0.45')",
        },
        {
            content: "Override the match",
            trigger: ".o_form_statusbar button[name='action_edi_open_override']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Price increase agreed by phone with MedSurg on 3 Dec",
        },
        {
            content: "Override",
            trigger: ".modal button[name='action_override']",
            run: "click",
        },
        {
            content: "The bill shows who overrode the match, and why",
            trigger:
                ".alert-warning:contains('Match overridden by'):contains('Price increase agreed by phone with MedSurg on 3 Dec')",
        },
        {
            content: "Its EDI match state is Overridden",
            trigger: "div[name='edi_match_state']:contains('Overridden')",
        },
    ],
});
