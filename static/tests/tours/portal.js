import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("portal_load_homepage", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home page shows the account panel",
            trigger: ".o_portal_my_home",
        },
        {
            content: "Open the account details from the side panel",
            trigger: ".o_portal_wrap a[href='/my/account']:contains(Edit):first",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The details form is filled with the account's values",
            trigger: "form[action='/my/account'] .o_portal_details input[name='name']",
            run() {
                if (!this.anchor.value) {
                    throw new Error("The name of the account should be filled in.");
                }
            },
        },
        {
            content: "Type another phone number",
            trigger: ".o_portal_details input[name='phone']",
            run: "edit +1 555 666 7788",
        },
        {
            content: "Save",
            trigger: ".o_portal_details button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the portal, with the new phone number",
            trigger: ".o_portal_wrap .o_portal_my_details:contains(+1 555 666 7788)",
        },
    ],
});

registry.category("web_tour.tours").add("portal_sign_in", {
    url: "/web/login?redirect=/my",
    steps: () => [
        {
            content: "Type the login",
            trigger: "input#login",
            run: "edit portal_tour",
        },
        {
            content: "Type the password",
            trigger: "input#password",
            run: "edit portal_tour",
        },
        {
            content: "Log in",
            trigger: "button[type='submit']:contains(Log in)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The customer lands on the portal home page",
            trigger: ".o_portal_my_home",
        },
        {
            content: "The home page finished counting the documents",
            trigger: ".o_portal_my_home:not(:has(.o_portal_doc_spinner))",
        },
        {
            content: "The user menu offers to log out",
            trigger: "header .js_usermenu a#o_logout:contains(Logout):hidden",
        },
    ],
});
