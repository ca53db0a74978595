import { App } from "@odoo/owl";
import { getBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { getTemplate } from "@web/core/templates";
import { session } from "@web/session";
import { PortalChatter } from "./portal_chatter";

/**
 * Mount the chatter in the first `.o_portal_chatter` container of the page, inside a shadow
 * root so that the back-end styles of the chatter and the site's styles do not mix.
 */
export class PortalChatterService {
    /**
     * @param {import("@web/env").OdooEnv} env
     * @param {Object} services
     */
    constructor(env, services) {
        this.setup(env, services);
    }

    setup(env, services) {
        this.env = env;
        this.store = services["mail.store"];
        this.busService = services.bus_service;
    }

    /**
     * Attach an open shadow root to `root` and load the chatter styles in it.
     *
     * @param {HTMLElement} root
     * @returns {Promise<ShadowRoot>}
     */
    async createShadow(root) {
        const shadow = root.attachShadow({ mode: "open" });
        const { cssLibs } = await getBundle("portal.assets_chatter_style");
        for (const href of cssLibs) {
            const link = document.createElement("link");
            link.rel = "stylesheet";
            link.href = href;
            const loaded = new Promise((resolve, reject) => {
                link.addEventListener("load", resolve);
                link.addEventListener("error", reject);
            });
            shadow.appendChild(link);
            await loaded;
        }
        return shadow;
    }

    /**
     * @param {import("@web/env").OdooEnv} env
     */
    async initialize(env) {
        const chatterEl = document.querySelector(".o_portal_chatter");
        if (!chatterEl) {
            return;
        }
        const data = chatterEl.dataset;
        const props = {
            resId: parseInt(data.res_id) || false,
            resModel: data.res_model,
            composer: Boolean(
                parseInt(data.allow_composer) && (data.token || !session.is_public)
            ),
            twoColumns: data.two_columns === "true",
            displayRating: data.display_rating === "True",
        };
        const root = document.createElement("div");
        root.id = "chatterRoot";
        if (props.twoColumns) {
            root.classList.add("p-0");
        }
        chatterEl.appendChild(root);
        // The styles load in the background: the data below does not wait for them.
        const shadowReady = this.createShadow(root);
        const thread = this.store.Thread.insert({ model: props.resModel, id: props.resId });
        Object.assign(thread, {
            access_token: data.token,
            hash: data.hash,
            pid: data.pid && parseInt(data.pid),
        });
        const dataReady = rpc(
            "/portal/chatter_init",
            { thread_model: props.resModel, thread_id: props.resId, ...thread.rpcParams },
            { silent: true }
        ).then((result) => this.store.insert(result, { html: true }));
        // Mount only once the store knows the visitor and their rights on the document: the
        // messages fetched on mount would otherwise first show without the actions that
        // depend on them (star, edit, delete, reactions), which then pop up under the mouse.
        Promise.all([shadowReady, dataReady.catch(() => {})])
            .then(([shadow]) =>
                new App(PortalChatter, {
                    env,
                    getTemplate,
                    props,
                    translateFn: _t,
                    translatableAttributes: ["data-tooltip"],
                    dev: env.debug,
                }).mount(shadow)
            )
            .catch((error) => {
                // Leaving the page while the styles load aborts them: nothing to mount then.
                if (!isAbortError(error)) {
                    throw error;
                }
            });
        await dataReady;
        odoo.portalChatterReady.resolve(true);
    }
}

/**
 * @param {any} error
 * @returns {boolean}
 */
function isAbortError(error) {
    return (
        error?.name === "AbortError" ||
        (error instanceof Event && error.type === "error" && !error.target?.sheet)
    );
}

export const portalChatterService = {
    dependencies: ["mail.store", "bus_service"],
    start(env, services) {
        const service = new PortalChatterService(env, services);
        service.initialize(env);
        return service;
    },
};

registry.category("services").add("portal.chatter", portalChatterService);
