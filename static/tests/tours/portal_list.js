import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("portal_list_search", {
    steps: () => [
        {
            content: "The search box tells where it searches",
            trigger: ".o_portal_search_panel input[name='search'][placeholder='Search in Reference']",
        },
        {
            content: "Open the list of fields to search in",
            trigger: ".o_portal_search_panel .dropdown-toggle",
            run: "click",
        },
        {
            content: "Search in the customer instead",
            trigger: ".o_portal_search_panel .dropdown-item:contains(Search in Customer)",
            run: "click",
        },
        {
            content: "The placeholder follows the choice",
            trigger: ".o_portal_search_panel input[name='search'][placeholder='Search in Customer']",
            run: "edit Bruno",
        },
        {
            content: "Search",
            trigger: ".o_portal_search_panel button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The search is in the address, the other parameters are kept",
            trigger: ".o_portal_search_panel input[name='search'][placeholder='Search in Customer']",
            run() {
                const params = new URLSearchParams(window.location.search);
                const expected = { search_in: "customer", search: "Bruno", sortby: "name" };
                for (const [key, value] of Object.entries(expected)) {
                    if (params.get(key) !== value) {
                        throw new Error(`Expected ${key}=${value} in ${window.location.search}`);
                    }
                }
            },
        },
        {
            content: "Only the documents of that customer are listed",
            trigger: ".o_portal_my_doc_table:contains(DEMO/OTHER/LIST):not(:contains(DEMO/TOUR/LIST))",
        },
    ],
});
