import { rpc } from "@web/core/network/rpc";
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Address form of /my/account (and of any page reusing `.o_portal_details`): the state
 * selector only offers the states of the selected country, and disappears when that
 * country has none.
 */
publicWidget.registry.portalDetails = publicWidget.Widget.extend({
    selector: ".o_portal_details",
    events: {
        'change select[name="country_id"]': "_onCountryChange",
    },

    /**
     * @override
     */
    start() {
        const def = this._super(...arguments);
        this.stateSelect = this.el.querySelector('select[name="state_id"]');
        this.stateOptions = [];
        if (this.stateSelect && !this.stateSelect.disabled) {
            // The first option is the "select a state" placeholder: it always stays.
            this.stateOptions = [...this.stateSelect.options].slice(1);
        }
        this._adaptAddressForm();
        return def;
    },

    /**
     * Keep only the states of the selected country in the state selector.
     *
     * @private
     */
    _adaptAddressForm() {
        if (!this.stateSelect) {
            return;
        }
        const countrySelect = this.el.querySelector('select[name="country_id"]');
        const countryId = parseInt(countrySelect?.value || 0) || 0;
        for (const option of this.stateOptions) {
            option.remove();
        }
        let matching = 0;
        for (const option of this.stateOptions) {
            if (parseInt(option.dataset.country_id) === countryId) {
                option.classList.remove("d-none");
                option.style.display = "";
                this.stateSelect.appendChild(option);
                matching++;
            }
        }
        const stateContainer = this.stateSelect.parentElement;
        if (matching) {
            stateContainer.classList.remove("d-none");
            stateContainer.style.display = "";
        } else {
            stateContainer.classList.add("d-none");
        }
        if (this.stateSelect.selectedOptions[0]?.parentElement !== this.stateSelect) {
            this.stateSelect.value = "";
        }
    },

    /**
     * @private
     */
    _onCountryChange() {
        this._adaptAddressForm();
    },
});

/**
 * Home page cards: the number of documents of each kind is fetched after the page load
 * (counting can be slow), and empty cards stay hidden.
 */
export const PortalHomeCounters = publicWidget.Widget.extend({
    selector: ".o_portal_my_home",

    /**
     * @override
     */
    start() {
        const def = this._super(...arguments);
        this._updateCounters();
        return def;
    },

    /**
     * Counter keys whose card is shown even when there is no document, so that the
     * customer always finds the entry point. Meant to be extended.
     *
     * @private
     * @returns {string[]}
     */
    _getCountersAlwaysDisplayed() {
        return [];
    },

    /**
     * Fetch the counters in a few batches and fill the cards.
     *
     * @private
     * @returns {Promise}
     */
    async _updateCounters() {
        const counterEls = this.el.querySelectorAll("[data-placeholder_count]");
        const keys = [...new Set([...counterEls].map((el) => el.dataset.placeholder_count))];
        const maxBatches = 3;
        const batchSize = Math.max(5, Math.ceil(keys.length / maxBatches));
        const batches = [];
        for (let i = 0; i < keys.length; i += batchSize) {
            batches.push(keys.slice(i, i + batchSize));
        }
        const alwaysDisplayed = this._getCountersAlwaysDisplayed();
        await Promise.all(
            batches.map(async (counters) => {
                const data = await rpc("/my/counters", { counters });
                for (const [key, value] of Object.entries(data || {})) {
                    const selector = `[data-placeholder_count='${CSS.escape(key)}']`;
                    for (const countEl of this.el.querySelectorAll(selector)) {
                        countEl.textContent = value;
                        if (value || alwaysDisplayed.includes(key)) {
                            countEl.closest(".o_portal_index_card")?.classList.remove("d-none");
                        }
                    }
                }
            })
        );
        for (const spinnerEl of this.el.querySelectorAll(".o_portal_doc_spinner")) {
            spinnerEl.remove();
        }
    },
});
publicWidget.registry.PortalHomeCounters = PortalHomeCounters;

/**
 * Search box of the list pages: a dropdown chooses the field to search in, submitting
 * reloads the page with `search_in` and `search` in the query string.
 */
publicWidget.registry.portalSearchPanel = publicWidget.Widget.extend({
    selector: ".o_portal_search_panel",
    events: {
        "click .dropdown-item": "_onDropdownItemClick",
        submit: "_onSubmit",
    },

    /**
     * @override
     */
    start() {
        const def = this._super(...arguments);
        this._adaptSearchLabel(this.el.querySelector(".dropdown-item.active"));
        return def;
    },

    /**
     * Show the label of the chosen search field as placeholder of the search input.
     *
     * @private
     * @param {HTMLElement} itemEl
     */
    _adaptSearchLabel(itemEl) {
        const inputEl = this.el.querySelector('input[name="search"]');
        if (!inputEl || !itemEl) {
            return;
        }
        const labelEl = itemEl.cloneNode(true);
        for (const noLabelEl of labelEl.querySelectorAll("span.nolabel")) {
            noLabelEl.remove();
        }
        inputEl.setAttribute("placeholder", labelEl.textContent.trim());
    },

    /**
     * @private
     */
    _search() {
        const params = new URLSearchParams(window.location.search);
        const activeEl = this.el.querySelector(".dropdown-item.active");
        params.set("search_in", activeEl ? activeEl.getAttribute("href").replace("#", "") : "");
        params.set("search", this.el.querySelector('input[name="search"]')?.value || "");
        window.location.search = params.toString();
    },

    /**
     * @private
     * @param {Event} ev
     */
    _onDropdownItemClick(ev) {
        ev.preventDefault();
        const itemEl = ev.currentTarget;
        for (const el of this.el.querySelectorAll(".dropdown-item.active")) {
            el.classList.remove("active");
        }
        itemEl.classList.add("active");
        this._adaptSearchLabel(itemEl);
    },

    /**
     * @private
     * @param {Event} ev
     */
    _onSubmit(ev) {
        ev.preventDefault();
        this._search();
    },
});

export default publicWidget.registry.portalDetails;
