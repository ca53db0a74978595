import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("portal_sign_document", {
    steps: () => [
        {
            content: "Open the signature dialog",
            trigger: "a.o_portal_demo_sign",
            run: "click",
        },
        {
            content: "The signer's name is filled in",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run() {
                if (this.anchor.value !== "Tilda Tourist") {
                    throw new Error(`Unexpected signer name "${this.anchor.value}".`);
                }
            },
        },
        {
            content: "Draw the signature by hand",
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            content: "Nothing drawn yet: signing is not possible",
            trigger: ".modal .o_portal_sign_submit:disabled",
        },
        {
            content: "Draw a stroke",
            trigger: ".modal canvas.o_web_sign_signature",
            async run(helpers) {
                await helpers.drag_and_drop(".modal canvas.o_web_sign_signature", {
                    position: { top: 40, left: 160 },
                    relative: true,
                });
            },
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page is reloaded and thanks the signer",
            trigger: ".o_portal_demo_signed_alert",
        },
        {
            content: "The signature is shown on the document",
            trigger: ".o_portal_demo_signature img",
        },
        {
            content: "The document no longer asks for a signature",
            trigger: "body:not(:has(a.o_portal_demo_sign))",
        },
        {
            content: "The signature is in the history",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Signed by Tilda Tourist)",
        },
    ],
});

registry.category("web_tour.tours").add("portal_sign_document_without_name", {
    steps: () => [
        {
            content: "Open the signature dialog",
            trigger: "a.o_portal_demo_sign",
            run: "click",
        },
        {
            content: "Without a name there is nothing to sign with yet",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run() {
                if (this.anchor.value) {
                    throw new Error("No name should be filled in.");
                }
            },
        },
        {
            content: "Try to sign anyway",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The route's error is shown in the dialog",
            trigger: ".modal .o_portal_sign_error_msg:contains(Signature is missing.)",
        },
    ],
});
