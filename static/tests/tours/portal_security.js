import { registry } from "@web/core/registry";

const password = "portal_tour";

registry.category("web_tour.tours").add("portal_api_key_create_delete", {
    url: "/my/security?debug=1",
    steps: () => [
        {
            content: "No key yet",
            trigger: ".o_portal_security_body:not(:has(.o_portal_remove_api_key))",
        },
        {
            content: "Ask for a new key",
            trigger: "button.o_portal_new_api_key",
            run: "click",
        },
        {
            content: "The password is asked first",
            trigger: ".modal div:contains(enter your password)",
        },
        {
            content: "Type the password",
            trigger: ".modal input[name='password']",
            run: `edit ${password}`,
        },
        {
            content: "Confirm the password",
            trigger: ".modal button:contains(Confirm Password)",
            run: "click",
        },
        {
            content: "Name the key",
            trigger: ".modal input[name='description']",
            run: "edit My tour key",
        },
        {
            content: "The custom date is not offered",
            trigger: ".modal select[name='duration']:not(:has(option[value='-1']))",
            run: "select 7",
        },
        {
            content: "Create the key",
            trigger: ".modal button:contains(Confirm)",
            run: "click",
        },
        {
            content: "The key is shown once",
            trigger: ".modal:contains(API Key Ready) code",
            run() {
                if (this.anchor.textContent.trim().length < 20) {
                    throw new Error("The new key should be displayed.");
                }
            },
        },
        {
            content: "Close the dialog: the page reloads",
            trigger: ".modal button:contains(Close)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The key is listed",
            trigger: ".o_portal_security_body tr:contains(My tour key) .o_portal_remove_api_key",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The key is gone",
            trigger: ".o_portal_security_body:not(:has(.o_portal_remove_api_key))",
        },
    ],
});

registry.category("web_tour.tours").add("portal_identity_check_wrong_password", {
    url: "/my/security?debug=1",
    steps: () => [
        {
            content: "Ask for a new key",
            trigger: "button.o_portal_new_api_key",
            run: "click",
        },
        {
            content: "Type a wrong password",
            trigger: ".modal input[name='password']",
            run: "edit not-the-password",
        },
        {
            content: "Confirm the password",
            trigger: ".modal button:contains(Confirm Password)",
            run: "click",
        },
        {
            content: "The dialog stays open and flags the password",
            trigger: ".modal input[name='password'].is-invalid",
        },
        {
            content: "Typing again clears the error",
            trigger: ".modal input[name='password']",
            run: `edit ${password}`,
        },
        {
            content: "The error is cleared",
            trigger: ".modal input[name='password']:not(.is-invalid)",
        },
    ],
});

registry.category("web_tour.tours").add("portal_revoke_all_sessions", {
    url: "/my/security",
    steps: () => [
        {
            content: "Sign out from every device",
            trigger: "#portal_revoke_all_sessions_popup",
            run: "click",
        },
        {
            content: "The password is asked first",
            trigger: ".modal input[name='password']",
            run: `edit ${password}`,
        },
        {
            content: "Confirm the password: the page reloads",
            trigger: ".modal button:contains(Confirm Password)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "This browser is still signed in, on the security page",
            trigger: "body:not(:has(.o_dialog)) #portal_revoke_all_sessions_popup",
        },
    ],
});

registry.category("web_tour.tours").add("portal_change_password", {
    url: "/my/security",
    steps: () => [
        {
            content: "Type the current password",
            trigger: "section[name='portal_change_password'] input[name='old']",
            run: `edit ${password}`,
        },
        {
            content: "Type the new password",
            trigger: "section[name='portal_change_password'] input[name='new1']",
            run: "edit portal_tour_new_password",
        },
        {
            content: "Repeat the new password",
            trigger: "section[name='portal_change_password'] input[name='new2']",
            run: "edit portal_tour_new_password",
        },
        {
            content: "Submit",
            trigger: "section[name='portal_change_password'] button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page confirms the change",
            trigger: "section[name='portal_change_password'] .alert-success",
        },
    ],
});

registry.category("web_tour.tours").add("portal_deactivate_account_wrong_login", {
    url: "/my/security",
    steps: () => [
        {
            content: "Open the account deletion dialog",
            trigger: "section[name='portal_deactivate_account'] button[data-bs-toggle='modal']",
            run: "click",
        },
        {
            content: "Type the password",
            trigger: "#portal_deactivate_account_modal.show input[name='password']",
            run: `edit ${password}`,
        },
        {
            content: "Type something else than the login",
            trigger: "#portal_deactivate_account_modal.show input[name='validation']",
            run: "edit not-my-login",
        },
        {
            content: "Confirm the deletion",
            trigger: "#portal_deactivate_account_modal.show input[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The dialog is open again, with the mistake flagged",
            trigger:
                "#portal_deactivate_account_modal.show:not(.d-block) input[name='validation'].is-invalid",
        },
        {
            content: "Keep the account",
            trigger: "#portal_deactivate_account_modal.show button:contains(Keep my account)",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "#portal_deactivate_account_modal:not(.show):hidden",
        },
        {
            content: "Opening it again shows a clean form",
            trigger: "section[name='portal_deactivate_account'] button[data-bs-toggle='modal']",
            run: "click",
        },
        {
            content: "No error is left",
            trigger:
                "#portal_deactivate_account_modal.show:not(:has(.is-invalid)):not(:has(.invalid-feedback)):not(:has(.alert))",
        },
    ],
});
