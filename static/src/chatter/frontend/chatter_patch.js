import { Chatter } from "@mail/chatter/web_portal/chatter";
import { onPatched, onWillDestroy, onWillPatch, useRef } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";

patch(Chatter.prototype, {
    setup() {
        super.setup(...arguments);
        this.topRef = useRef("top");
        this.stickyObserver = null;
        // The composer zone only appears once the thread is known, after the first patch.
        onWillPatch(() => this._observeStickyComposer());
        onPatched(() => this._observeStickyComposer());
        onWillDestroy(() => this.stickyObserver?.disconnect());
    },

    /**
     * Keep the sticky composer below the site's header rather than under it.
     *
     * @private
     */
    _observeStickyComposer() {
        if (this.stickyObserver || this.props.twoColumns) {
            return;
        }
        const headerEl = document.querySelector("#wrapwrap header");
        if (!headerEl || headerEl.classList.contains("o_header_sidebar") || !this.topRef.el) {
            return;
        }
        this.stickyObserver = new IntersectionObserver(
            ([entry]) => {
                // Stuck: pushed 1px above the viewport by its `top: -1px`. A zone still
                // below the fold is only partly visible too, but it is not at the top.
                const stuck = entry.intersectionRatio < 1 && entry.boundingClientRect.top < 1;
                entry.target.style.paddingTop = stuck ? `${headerEl.offsetHeight + 15}px` : "20px";
            },
            { threshold: 1 }
        );
        this.stickyObserver.observe(this.topRef.el);
    },
});
