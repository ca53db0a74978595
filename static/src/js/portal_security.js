/* global Modal */

import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { user } from "@web/core/user";
import { renderToMarkup } from "@web/core/utils/render";
import publicWidget from "@web/legacy/js/public/public_widget";
import { InputConfirmationDialog } from "./components/input_confirmation_dialog/input_confirmation_dialog";

/**
 * Reload the page without re-posting any form it came from.
 */
function reloadPage() {
    window.location = window.location; // eslint-disable-line no-self-assign
}

/**
 * Watch an RPC that may be protected by a password check: when the server answers with the
 * identity-check wizard instead of a result, ask the user's password, run the check and
 * resolve with what the protected method returns.
 *
 * @param {Promise} wrapped the RPC to watch
 * @param {Object} ormService the `orm` service
 * @param {Object} dialogService the `dialog` service
 * @returns {Promise} the RPC result; never settles when the user cancels the check
 */
export async function handleCheckIdentity(wrapped, ormService, dialogService) {
    const result = await wrapped;
    if (
        !result ||
        result.type !== "ir.actions.act_window" ||
        result.res_model !== "res.users.identitycheck"
    ) {
        return result;
    }
    const checkId = result.res_id;
    return new Promise((resolve) => {
        dialogService.add(InputConfirmationDialog, {
            title: _t("Security check"),
            confirmLabel: _t("Confirm Password"),
            body: renderToMarkup("portal.identitycheck"),
            confirm: async ({ inputEl }) => {
                if (!inputEl || !inputEl.reportValidity()) {
                    inputEl?.classList.add("is-invalid");
                    return false;
                }
                let checkResult;
                try {
                    await ormService.write("res.users.identitycheck", [checkId], {
                        password: inputEl.value,
                    });
                    checkResult = await ormService.call("res.users.identitycheck", "run_check", [
                        checkId,
                    ]);
                } catch {
                    inputEl.classList.add("is-invalid");
                    inputEl.setCustomValidity(_t("Check failed"));
                    inputEl.reportValidity();
                    return false;
                }
                resolve(checkResult);
                return true;
            },
            cancel: () => {},
            onInput: ({ inputEl }) => {
                inputEl.classList.remove("is-invalid");
                inputEl.setCustomValidity("");
            },
        });
    });
}

/**
 * "New API Key" button of /my/security: password check, a form naming the key and choosing
 * its validity, then the key is shown once.
 */
publicWidget.registry.NewAPIKeyButton = publicWidget.Widget.extend({
    selector: ".o_portal_new_api_key",
    events: {
        click: "_onClick",
    },

    init() {
        this._super(...arguments);
        this.orm = this.bindService("orm");
        this.dialog = this.bindService("dialog");
        this.fieldService = this.bindService("field");
    },

    /**
     * @private
     * @param {Event} ev
     */
    async _onClick(ev) {
        ev.preventDefault();
        // Ask the password first, so the form below is only shown to the account owner.
        await handleCheckIdentity(
            this.orm.call("res.users", "api_key_wizard", [user.userId]),
            this.orm,
            this.dialog
        );
        const fields = await this.fieldService.loadFields("res.users.apikeys.description", {
            fieldNames: ["duration"],
        });
        // A custom date would need a date picker the portal form does not offer.
        const durationSelection = (fields.duration?.selection || []).filter(
            ([value]) => value !== "-1"
        );
        this.call("dialog", "add", InputConfirmationDialog, {
            title: _t("New API Key"),
            body: renderToMarkup("portal.keydescription", {
                duration_selection: durationSelection,
            }),
            confirmLabel: _t("Confirm"),
            confirm: async ({ inputEl }) => {
                const formEl = inputEl?.closest("form");
                if (formEl && !formEl.reportValidity()) {
                    inputEl.classList.add("is-invalid");
                    return false;
                }
                const formData = new FormData(formEl || undefined);
                const [descriptionId] = await this.orm.create("res.users.apikeys.description", [
                    { name: formData.get("description"), duration: formData.get("duration") },
                ]);
                const wizard = await handleCheckIdentity(
                    this.orm.call("res.users.apikeys.description", "make_key", [[descriptionId]]),
                    this.orm,
                    this.dialog
                );
                this.call("dialog", "add", ConfirmationDialog, {
                    title: _t("API Key Ready"),
                    body: renderToMarkup("portal.keyshow", { key: wizard.context.default_key }),
                    confirmLabel: _t("Close"),
                }, {
                    onClose: reloadPage,
                });
            },
            cancel: () => {},
            onInput: ({ inputEl }) => {
                inputEl.classList.remove("is-invalid");
            },
        });
    },
});

/**
 * A button whose server call may first ask for the password, then reloads the page. Not
 * registered itself: the buttons below extend it with their selector and their call.
 */
const IdentityCheckedButton = publicWidget.Widget.extend({
    events: {
        click: "_onClick",
    },

    init() {
        this._super(...arguments);
        this.orm = this.bindService("orm");
        this.dialog = this.bindService("dialog");
    },

    /**
     * The server call to run once the identity is confirmed.
     *
     * @private
     * @returns {Promise}
     */
    _callServer() {
        throw new Error("IdentityCheckedButton needs a _callServer method.");
    },

    /**
     * @private
     * @param {Event} ev
     */
    async _onClick(ev) {
        ev.preventDefault();
        await handleCheckIdentity(this._callServer(), this.orm, this.dialog);
        reloadPage();
    },
});

/**
 * Trash button of an API key line; the key id is the element's id.
 */
publicWidget.registry.RemoveAPIKeyButton = IdentityCheckedButton.extend({
    selector: ".o_portal_remove_api_key",

    _callServer() {
        return this.orm.call("res.users.apikeys", "remove", [parseInt(this.el.id)]);
    },
});

/**
 * Security page body: reopens the account deactivation dialog after a failed attempt (the
 * server renders it open), and gives it a clean form each time it is closed.
 */
publicWidget.registry.portalSecurity = publicWidget.Widget.extend({
    selector: ".o_portal_security_body",

    init() {
        this._super(...arguments);
        const modalEl = document.querySelector("#portal_deactivate_account_modal");
        if (!modalEl) {
            return;
        }
        if (modalEl.classList.contains("show")) {
            modalEl.classList.remove("d-block");
            Modal.getOrCreateInstance(modalEl).show();
        }
        modalEl.addEventListener("hide.bs.modal", () => {
            for (const el of modalEl.querySelectorAll(".alert, .invalid-feedback")) {
                el.remove();
            }
            for (const el of modalEl.querySelectorAll(".is-invalid")) {
                el.classList.remove("is-invalid");
            }
        });
    },
});

/**
 * "Log out from all devices" button.
 */
publicWidget.registry.RevokeSessionsButton = IdentityCheckedButton.extend({
    selector: "#portal_revoke_all_sessions_popup",

    _callServer() {
        return this.orm.call("res.users", "action_revoke_all_devices", [user.userId]);
    },
});
