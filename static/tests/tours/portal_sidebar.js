import { registry } from "@web/core/registry";

const { DateTime } = luxon;

/**
 * @param {number} days from now
 * @returns {string} the server (UTC) datetime of that moment
 */
function serverDatetime(days) {
    return DateTime.now().plus({ days }).toUTC().toFormat("yyyy-MM-dd HH:mm:ss");
}

registry.category("web_tour.tours").add("portal_sidebar_due_dates", {
    steps: () => [
        {
            content: "Start a document side panel holding three due dates",
            trigger: ".o_portal_wrap",
            async run() {
                const panelEl = document.createElement("div");
                panelEl.id = "tour_sidebar";
                for (const [name, days] of [["today", 0], ["later", 3], ["late", -2]]) {
                    const dateEl = document.createElement("span");
                    dateEl.className = `o_portal_sidebar_timeago tour_${name}`;
                    dateEl.setAttribute("datetime", serverDatetime(days));
                    panelEl.appendChild(dateEl);
                }
                this.anchor.appendChild(panelEl);
                // Not imported: web.assets_tests is also loaded where this module does not exist.
                const sidebarModule = odoo.loader.modules.get("@portal/js/portal_sidebar");
                const PortalSidebar = sidebarModule[Symbol.for("default")];
                await new PortalSidebar(null).attachTo(panelEl);
            },
        },
        {
            content: "Due today",
            trigger: "#tour_sidebar .tour_today:contains(Due today)",
        },
        {
            content: "Due in three days",
            trigger: "#tour_sidebar .tour_later:contains(Due in 3 days)",
        },
        {
            content: "Two days late",
            trigger: "#tour_sidebar .tour_late:contains(2 days overdue)",
        },
    ],
});
