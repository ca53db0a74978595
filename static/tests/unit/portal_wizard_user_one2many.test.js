import { describe, expect, test } from "@odoo/hoot";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { defineModels, fields, models, mountView } from "@web/../tests/web_test_helpers";
import { registry } from "@web/core/registry";
import {
    PortalUserX2ManyField,
    portalUserX2ManyField,
} from "@portal/views/fields/portal_wizard_user_one2many";
import { PortalWizardUserListController } from "@portal/views/list/portal_wizard_user_list_controller";

describe.current.tags("desktop");
defineMailModels();

class PortalWizard extends models.Model {
    _name = "portal.wizard";

    user_ids = fields.One2many({ relation: "portal.wizard.user", relation_field: "wizard_id" });

    _records = [{ id: 1, user_ids: [1, 2] }];
}

class PortalWizardUser extends models.Model {
    _name = "portal.wizard.user";

    wizard_id = fields.Many2one({ relation: "portal.wizard" });
    email = fields.Char();
    is_portal = fields.Boolean();

    _records = [
        { id: 1, wizard_id: 1, email: "ana@example.com", is_portal: true },
        { id: 2, wizard_id: 1, email: "bo@example.com", is_portal: false },
    ];
}

defineModels([PortalWizard, PortalWizardUser]);

test("the widget is registered and keeps the x2many behaviour", async () => {
    expect(registry.category("fields").get("portal_wizard_user_one2many")).toBe(
        portalUserX2ManyField
    );
    expect(portalUserX2ManyField.component).toBe(PortalUserX2ManyField);
    expect(PortalUserX2ManyField.components.Controller).toBe(PortalWizardUserListController);
});

test("the wizard lists its users", async () => {
    await mountView({
        resModel: "portal.wizard",
        resId: 1,
        type: "form",
        arch: `
            <form>
                <field name="user_ids" widget="portal_wizard_user_one2many"
                       class="o_portal_wizard_user_one2many">
                    <list editable="bottom" create="0">
                        <field name="email"/>
                        <field name="is_portal"/>
                    </list>
                </field>
            </form>`,
    });
    expect(".o_portal_wizard_user_one2many .o_data_row").toHaveCount(2);
    expect(".o_portal_wizard_user_one2many .o_data_row:first [name=email]").toHaveText(
        "ana@example.com"
    );
});
