import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("portal_edit_account_details", {
    url: "/my/account",
    steps: () => [
        {
            content: "Without a country with states, the state selector is hidden",
            trigger: ".o_portal_details select[name='state_id']:hidden",
        },
        {
            content: "Choose a country that has states",
            trigger: ".o_portal_details select[name='country_id']",
            run: "selectByLabel Portal Tourland",
        },
        {
            content: "The state selector appears, with the states of that country only",
            trigger: ".o_portal_details select[name='state_id']:visible",
            run() {
                const labels = [...this.anchor.options]
                    .filter((option) => option.value)
                    .map((option) => option.textContent.trim());
                if (labels.join(",") !== "North Tourshire,South Tourshire") {
                    throw new Error(`Unexpected states offered: ${labels.join(", ")}`);
                }
            },
        },
        {
            content: "Choose a state",
            trigger: ".o_portal_details select[name='state_id']",
            run: "selectByLabel South Tourshire",
        },
        {
            content: "Change the city",
            trigger: ".o_portal_details input[name='city']",
            run: "edit Tourville",
        },
        {
            content: "Save",
            trigger: ".o_portal_details button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The account panel shows the new address",
            trigger: ".o_portal_my_details:contains(Tourville)",
        },
    ],
});

registry.category("web_tour.tours").add("portal_account_details_country_switch", {
    url: "/my/account",
    steps: () => [
        {
            content: "Choose a country that has states",
            trigger: ".o_portal_details select[name='country_id']",
            run: "selectByLabel Portal Tourland",
        },
        {
            content: "The state selector appears",
            trigger: ".o_portal_details select[name='state_id']:visible",
        },
        {
            content: "Back to a country without states",
            trigger: ".o_portal_details select[name='country_id']",
            run: "selectByLabel Portal Nostateland",
        },
        {
            content: "The state selector is hidden again and nothing is selected in it",
            trigger: ".o_portal_details select[name='state_id']:hidden",
            run() {
                if (this.anchor.value) {
                    throw new Error("No state should stay selected.");
                }
            },
        },
    ],
});
