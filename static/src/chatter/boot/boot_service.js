import { loadBundle } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { Deferred } from "@web/core/utils/concurrency";
import { memoize } from "@web/core/utils/functions";

// Resolved by the chatter service once the chatter data is in the store (tours wait on it).
odoo.portalChatterReady = new Deferred();

const loadChatterBundle = memoize(() => loadBundle("portal.assets_chatter"));

/**
 * Load the chatter code only on the pages that show one: the chatter bundle registers the
 * `portal.chatter` service, which mounts it.
 */
export const portalChatterBootService = {
    start() {
        if (document.querySelector(".o_portal_chatter")) {
            loadChatterBundle();
        }
    },
};

registry.category("services").add("portal.chatter.boot", portalChatterBootService);
