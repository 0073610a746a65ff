/** @odoo-module **/
// Copyright 2026 Healthcare Integration Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

// A payroll export as a hospital's HR department sends it (the columns of
// the connector's mapping in tests/common.py).
const PAYROLL_CSV = [
    "id,name,email,title,dept,dept_name,parent,dept_cc,cc,cc_name,manager,head,status",
    "DIR,Dana Director,dir@tour.example,Director,HOSP,North Hospital,,CC-HOSP,CC-HOSP,North Hospital,,yes,A",
    "MED1,Mo Medicine,med1@tour.example,Head of Medicine,MED,Medicine,HOSP,CC-MED,CC-MED,Medicine,DIR,yes,A",
    "CAR1,Cara Heart,car1@tour.example,Head of Cardiology,CARD,Cardiology,MED,CC-CARD,CC-CARD,Cardiology,MED1,yes,A",
    "N0,Nurse 0,n0@tour.example,Staff Nurse,CARD,Cardiology,MED,CC-CARD,CC-CARD,Cardiology,CAR1,no,A",
    "N1,Nurse 1,n1@tour.example,Staff Nurse,CARD,Cardiology,MED,CC-CARD,CC-CARD,Cardiology,CAR1,no,A",
].join("\n");

registry.category("web_tour.tours").add("hr_sync_file_connector_tour", {
    url: "/odoo/action-hr_sync.integration_connector_action_hr",
    steps: () => [
        {
            content: "Open the payroll file connector",
            trigger: ".o_data_row td[name='name']:contains('Tour Payroll File')",
            run: "click",
        },
        {
            content: "Open its HR tab",
            trigger: ".o_notebook .nav-link:contains('HR')",
            run: "click",
        },
        {
            content: "Stop any run that would deactivate more than 10 %",
            trigger: "div[name='hr_deactivation_share'] input",
            run: "edit 10",
        },
        {
            content: "Upload the payroll file",
            trigger: "button[name='action_hr_upload']",
            run: "click",
        },
        {
            content: "Choose the file",
            trigger: ".modal div[name='file']",
            run() {
                const input = document.querySelector(
                    ".modal div[name='file'] input[type='file']"
                );
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File([PAYROLL_CSV], "payroll.csv", {type: "text/csv"})
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
            content: "Preview only is ticked: run the dry run",
            trigger: ".modal button[name='action_run']",
            run: "click",
        },
        {
            content: "The preview says nothing was applied",
            trigger: ".alert-info:contains('nothing was applied')",
        },
        {
            content: "Read the head of cardiology's new record in the preview",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('CAR1')",
        },
        {
            content: "Apply the preview",
            trigger: "button[name='action_apply']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The sync run opens, applied",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Applied')",
        },
        {
            content: "It created the five people",
            trigger: "div[name='created_count']:contains('5')",
        },
    ],
});

registry.category("web_tour.tours").add("hr_sync_manager_approval_tour", {
    url: "/odoo/action-purchase.purchase_rfq",
    steps: () => [
        {
            content: "The head of cardiology opens her department's order",
            trigger: ".o_data_row:contains('Tour Vendor') td[name='partner_id']",
            run: "click",
        },
        {
            content: "It waits for her",
            trigger: "div[name='hr_approver_id']:contains('Cara Heart')",
        },
        {
            content: "She approves it",
            trigger: "button[name='button_approve']",
            run: "click",
        },
        {
            content: "It is a purchase order now",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Purchase Order')",
        },
    ],
});
