import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { NameAndSignature } from "@web/core/signature/name_and_signature";
import { addLoadingEffect } from "@web/core/utils/ui";
import { redirect } from "@web/core/utils/urls";

/**
 * Signature pad of the portal documents (quotations...): the customer draws, types or
 * uploads a signature, which is posted with the signer's name to `callUrl`.
 */
export class SignatureForm extends Component {
    static template = "portal.SignatureForm";
    static components = { NameAndSignature };
    static props = ["*"];

    setup() {
        this.rootRef = useRef("root");
        this.csrfToken = odoo.csrf_token;
        this.state = useState({ error: false, success: false });
        this.signature = useState({ name: this.props.defaultName || "" });
        // The pad only receives the options its caller actually set.
        const { signatureRatio, signatureType, mode } = this.props;
        this.nameAndSignatureProps = {
            signature: this.signature,
            fontColor: this.props.fontColor || "black",
            ...(signatureRatio ? { displaySignatureRatio: signatureRatio } : {}),
            ...(signatureType ? { signatureType } : {}),
            ...(mode ? { mode } : {}),
        };

        const onModalShown = () => {
            this.signature.resetSignature?.();
            // In the website editor the dialog only shows the layout, never a usable pad.
            const inEditor = Boolean(document.querySelector(".editor_enable"));
            this.rootRef.el?.classList.toggle("d-none", inEditor);
        };
        let modalEl = null;
        onMounted(() => {
            modalEl = this.rootRef.el?.closest(".modal") || null;
            modalEl?.addEventListener("shown.bs.modal", onModalShown);
        });
        onWillUnmount(() => modalEl?.removeEventListener("shown.bs.modal", onModalShown));
    }

    get sendLabel() {
        return this.props.sendLabel || _t("Accept & Sign");
    }

    /**
     * Post the signature and show the server's answer.
     *
     * @param {Event} ev
     */
    async onClickSubmit(ev) {
        const button = document.querySelector(".o_portal_sign_submit");
        const icon = button?.firstElementChild;
        icon?.remove();
        const restoreButton = button ? addLoadingEffect(button) : () => {};
        // Without a drawing area (no name typed yet) there is no image: the route says so.
        const dataUrl = this.signature.getSignatureImage?.() || "";
        let data;
        try {
            data = await rpc(this.props.callUrl, {
                name: this.signature.name,
                signature: dataUrl.split(",")[1] || false,
            });
        } catch (error) {
            restoreButton();
            if (icon) {
                button.prepend(icon);
            }
            this.state.error = error?.data?.message || error?.message || _t("Signing failed.");
            return;
        }
        if (data.force_refresh) {
            restoreButton();
            if (icon) {
                button.prepend(icon);
            }
            if (data.redirect_url) {
                redirect(data.redirect_url);
            } else {
                window.location.reload();
            }
            // Keep the button busy until the page is gone.
            return new Promise(() => {});
        }
        restoreButton();
        if (icon) {
            button?.prepend(icon);
        }
        this.state.error = data.error || false;
        if (!data.error) {
            this.state.success = {
                message: data.message,
                redirectUrl: data.redirect_url,
                redirectMessage: data.redirect_message,
            };
        }
    }
}

registry.category("public_components").add("portal.signature_form", SignatureForm);
