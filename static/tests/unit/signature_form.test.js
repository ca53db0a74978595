import { describe, expect, test } from "@odoo/hoot";
import { animationFrame } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";
import { SignatureForm } from "@portal/signature_form/signature_form";

describe.current.tags("desktop");
// mail is installed: the mock server needs its models to start the environment.
defineMailModels();

onRpc("/web/sign/get_fonts/", () => ({}));

/**
 * Draw a stroke on the signature pad, as a finger or a mouse would.
 */
async function drawOnPad() {
    const { drop, moveTo } = await contains(".o_web_sign_signature").drag({
        position: { x: 10, y: 10 },
    });
    await moveTo(".o_web_sign_signature", { position: { x: 50, y: 30 } });
    await drop(".o_web_sign_signature", { position: { x: 80, y: 40 } });
    await animationFrame();
}

test("the submit button waits for a signature", async () => {
    await mountWithCleanup(SignatureForm, {
        props: { callUrl: "/my/test/sign", defaultName: "Ada Lovelace", mode: "draw" },
    });
    expect(".o_portal_sign_submit").toHaveText("Accept & Sign");
    expect(".o_portal_sign_submit").not.toBeEnabled();
    await drawOnPad();
    expect(".o_portal_sign_submit").toBeEnabled();
});

test("signing posts the name and the image to the given route and shows the answer", async () => {
    onRpc("/my/test/sign", async (request) => {
        const { params } = await request.json();
        expect.step(`sign ${params.name} ${params.signature.startsWith("data:") ? "url" : "b64"}`);
        return { message: "Signed and accepted." };
    });
    await mountWithCleanup(SignatureForm, {
        props: {
            callUrl: "/my/test/sign",
            defaultName: "Ada Lovelace",
            mode: "draw",
            sendLabel: "Sign the order",
        },
    });
    expect(".o_portal_sign_submit").toHaveText("Sign the order");
    await drawOnPad();
    await contains(".o_portal_sign_submit").click();
    expect.verifySteps(["sign Ada Lovelace b64"]);
    expect(".alert-success").toHaveText("Signed and accepted.");
    expect(".o_portal_sign_submit").toHaveCount(0);
});

test("an error answer is shown and the form stays", async () => {
    onRpc("/my/test/sign", () => ({ error: "This order can no longer be signed." }));
    await mountWithCleanup(SignatureForm, {
        props: { callUrl: "/my/test/sign", defaultName: "Ada Lovelace", mode: "draw" },
    });
    await drawOnPad();
    await contains(".o_portal_sign_submit").click();
    expect(".o_portal_sign_error_msg").toHaveText("This order can no longer be signed.");
    expect(".o_portal_sign_submit").toBeEnabled();
    expect(".alert-success").toHaveCount(0);
});
