import { describe, expect, test } from "@odoo/hoot";
import { press, queryOne } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { markup } from "@odoo/owl";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, makeDialogMockEnv, mountWithCleanup } from "@web/../tests/web_test_helpers";
import { InputConfirmationDialog } from "@portal/js/components/input_confirmation_dialog/input_confirmation_dialog";

describe.current.tags("desktop");
// mail is installed: the mock server needs its models to start the environment.
defineMailModels();

const body = markup(`<form><input name="code" class="form-control" required="required"/></form>`);

test("the body is not pre-wrapped and its input gets the focus", async () => {
    const env = await makeDialogMockEnv();
    await mountWithCleanup(InputConfirmationDialog, {
        env,
        props: { body, close: () => {}, confirm: () => {} },
    });
    expect(".modal-body p.text-prewrap").toHaveCount(0);
    expect(".modal-body input[name=code]").toBeFocused();
});

test("Enter confirms with the input; returning false keeps the dialog open", async () => {
    const env = await makeDialogMockEnv();
    let accept = false;
    await mountWithCleanup(InputConfirmationDialog, {
        env,
        props: {
            body,
            close: () => expect.step("close"),
            confirm: ({ inputEl }) => {
                expect.step(`confirm ${inputEl.value}`);
                return accept;
            },
        },
    });
    await contains(".modal-body input").edit("123", { confirm: false });
    await press("Enter");
    await animationFrame();
    expect.verifySteps(["confirm 123"]);
    expect(".modal-footer .btn-primary").toBeEnabled();

    accept = true;
    await contains(".modal-footer .btn-primary").click();
    expect.verifySteps(["confirm 123", "close"]);
});

test("typing calls onInput with the input element", async () => {
    const env = await makeDialogMockEnv();
    await mountWithCleanup(InputConfirmationDialog, {
        env,
        props: {
            body,
            close: () => {},
            confirm: () => {},
            onInput: ({ inputEl }) => expect.step(`input ${inputEl.name}`),
        },
    });
    await contains(".modal-body input").edit("a", { confirm: false });
    expect.verifySteps(["input code"]);
    expect(queryOne(".modal-body input").value).toBe("a");
});
