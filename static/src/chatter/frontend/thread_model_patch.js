import { Thread } from "@mail/core/common/thread_model";
import { patch } from "@web/core/utils/patch";

patch(Thread.prototype, {
    setup() {
        super.setup(...arguments);
        /** @type {boolean|undefined} set by /portal/chatter_init */
        this.hasReadAccess = undefined;
    },

    get effectiveSelf() {
        if (this.portal_partner && this.store.self?.type !== "partner") {
            return this.portal_partner;
        }
        return super.effectiveSelf;
    },

    get selves() {
        const selves = super.selves;
        if (this.portal_partner) {
            selves.push(this.portal_partner);
        }
        return selves;
    },

    get rpcParams() {
        const params = { ...super.rpcParams };
        if (this.access_token) {
            params.token = this.access_token;
        }
        if (this.hash) {
            params.hash = this.hash;
        }
        if (this.pid) {
            params.pid = this.pid;
        }
        return params;
    },
});
