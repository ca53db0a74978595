import { onMounted, onWillUnmount, useEffect } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";

/**
 * Confirmation dialog whose body holds a form with an input (a password, a code...):
 * Enter confirms, and the confirm handler receives that input so it can validate it and
 * return `false` to keep the dialog open.
 */
export class InputConfirmationDialog extends ConfirmationDialog {
    static template = "portal.InputConfirmationDialog";
    static props = {
        ...ConfirmationDialog.props,
        onInput: { type: Function, optional: true },
    };

    setup() {
        super.setup();
        this.inputEl = null;
        const onKeydown = (ev) => {
            if (ev.key?.toLowerCase() === "enter") {
                ev.preventDefault();
                this._confirm();
            }
        };
        const onInput = () => {
            this.props.onInput?.({ inputEl: this.inputEl });
        };
        const bindInput = (inputEl) => {
            if (this.inputEl === inputEl) {
                return;
            }
            unbindInput();
            this.inputEl = inputEl;
            if (inputEl) {
                inputEl.focus();
                inputEl.addEventListener("keydown", onKeydown);
                inputEl.addEventListener("input", onInput);
            }
        };
        const unbindInput = () => {
            this.inputEl?.removeEventListener("keydown", onKeydown);
            this.inputEl?.removeEventListener("input", onInput);
            this.inputEl = null;
        };
        onMounted(() => bindInput(this.modalRef.el?.querySelector("input") || null));
        // The body may be re-rendered (new markup): follow the input it now holds.
        useEffect(() => {
            bindInput(this.modalRef.el?.querySelector("input") || null);
        });
        onWillUnmount(unbindInput);
    }

    /**
     * @override
     */
    async _confirm() {
        return this.execButton(() => this.props.confirm?.({ inputEl: this.inputEl }));
    }
}
