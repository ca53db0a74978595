import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { post } from "@web/core/network/http_service";
import { rpc } from "@web/core/network/rpc";
import { renderToElement } from "@web/core/utils/render";
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * Stand-alone message composer (text and attachments) for pages that do not mount the
 * full chatter, e.g. the review dialog of `portal_rating`. Posting triggers the
 * `reload_chatter_content` bus event so that a chatter on the page can refresh.
 */
const PortalComposer = publicWidget.Widget.extend({
    template: "portal.Composer",
    events: {
        "change .o_portal_chatter_file_input": "_onFileInputChange",
        "click .o_portal_chatter_attachment_btn": "_onAttachmentButtonClick",
        "click .o_portal_chatter_attachment_delete": "async _onAttachmentDeleteClick",
        "click .o_portal_chatter_composer_btn": "async _onSubmitButtonClick",
    },

    /**
     * @constructor
     * @param {Object} parent
     * @param {Object} options thread and display options; see the defaults below
     */
    init(parent, options) {
        this._super(...arguments);
        this.options = Object.assign(
            {
                allow_composer: true,
                display_composer: false,
                csrf_token: odoo.csrf_token,
                token: false,
                res_model: false,
                res_id: false,
                send_button_label: _t("Send"),
            },
            options || {}
        );
        this.attachments = [];
        this.notification = this.bindService("notification");
    },

    /**
     * @override
     */
    async start() {
        await this._super(...arguments);
        this.attachmentButtonEl = this.el.querySelector(".o_portal_chatter_attachment_btn");
        this.fileInputEl = this.el.querySelector(".o_portal_chatter_file_input");
        this.sendButtonEl = this.el.querySelector(".o_portal_chatter_composer_btn");
        this.attachmentsEl = this.el.querySelector(
            ".o_portal_chatter_composer_input .o_portal_chatter_attachments"
        );
        this.inputTextareaEl = this.el.querySelector('textarea[name="message"]');
        if (this.options.default_attachment_ids) {
            this.attachments = this.options.default_attachment_ids.map((attachment) => ({
                ...attachment,
                state: "done",
            }));
            this._updateAttachments();
        }
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * @private
     */
    _onAttachmentButtonClick() {
        this.fileInputEl?.click();
    },

    /**
     * Remove an attachment that was uploaded but not posted yet.
     *
     * @private
     * @param {Event} ev
     * @returns {Promise}
     */
    async _onAttachmentDeleteClick(ev) {
        const attachmentEl = ev.currentTarget.closest(".o_portal_chatter_attachment[data-id]");
        const attachmentId = parseInt(attachmentEl?.dataset.id);
        const attachment = this.attachments.find((a) => a.id === attachmentId);
        if (!attachment) {
            return;
        }
        this.sendButtonEl.disabled = true;
        try {
            await rpc("/portal/attachment/remove", {
                attachment_id: attachment.id,
                access_token: attachment.access_token,
            });
            this.attachments = this.attachments.filter((a) => a.id !== attachment.id);
            this._updateAttachments();
        } finally {
            this.sendButtonEl.disabled = false;
        }
    },

    /**
     * Upload the chosen files as pending attachments of the thread.
     *
     * @private
     * @returns {Promise}
     */
    async _onFileInputChange() {
        this.sendButtonEl.disabled = true;
        try {
            for (const file of this.fileInputEl.files) {
                try {
                    const params = { ...this._prepareAttachmentData(file) };
                    // Form data would send `false` as the text "false": leave unset keys out.
                    for (const [key, value] of Object.entries(params)) {
                        if (value === false || value === undefined || value === null) {
                            delete params[key];
                        }
                    }
                    params.csrf_token = odoo.csrf_token;
                    const response = await post("/mail/attachment/upload", params);
                    if (response.error) {
                        throw new Error(response.error);
                    }
                    const attachment = response.data["ir.attachment"][0];
                    attachment.state = "pending";
                    this.attachments.push(attachment);
                    this._updateAttachments();
                } catch {
                    this.notification.add(
                        _t("Could not save file %(filename)s.", { filename: file.name }),
                        { type: "warning", sticky: true }
                    );
                }
            }
        } finally {
            this.fileInputEl.value = "";
            this.sendButtonEl.disabled = false;
        }
    },

    /**
     * Values sent to the upload route for one file; meant to be extended.
     *
     * @private
     * @param {File} file
     * @returns {Object}
     */
    _prepareAttachmentData(file) {
        return {
            is_pending: true,
            thread_id: this.options.res_id,
            thread_model: this.options.res_model,
            token: this.options.token,
            ufile: file,
        };
    },

    /**
     * Values posted with the message. The composer options go along (downstream addons
     * add their own keys to them).
     *
     * @private
     * @returns {Object}
     */
    _prepareMessageData() {
        return Object.assign(this.options || {}, {
            thread_model: this.options.res_model,
            thread_id: this.options.res_id,
            post_data: {
                body: this.inputTextareaEl?.value || "",
                attachment_ids: this.attachments.map((a) => a.id),
                message_type: "comment",
                subtype_xmlid: "mail.mt_comment",
            },
            attachment_tokens: this.attachments.map((a) => a.access_token),
            token: this.options.token,
            hash: this.options.hash,
            pid: this.options.pid,
        });
    },

    /**
     * Post the message, or show why it cannot be posted.
     *
     * @private
     * @param {Event} ev
     * @returns {Promise} rejected when the message is invalid
     */
    _onSubmitButtonClick(ev) {
        ev?.preventDefault();
        const error = this._onSubmitCheckContent();
        if (error) {
            this.inputTextareaEl?.classList.add("border-danger");
            const errorEl = this.el.querySelector(".o_portal_chatter_composer_error");
            if (errorEl) {
                errorEl.textContent = error;
                errorEl.classList.remove("d-none");
            }
            return Promise.reject(error);
        }
        return this._chatterPostMessage(ev?.currentTarget?.dataset.action || "/mail/message/post");
    },

    /**
     * @private
     * @returns {string|false} the reason the message cannot be posted, if any
     */
    _onSubmitCheckContent() {
        if (!this.inputTextareaEl?.value.trim() && !this.attachments.length) {
            return _t(
                "Some fields are required. Please make sure to write a message or attach a document"
            );
        }
        return false;
    },

    /**
     * Render the attachment chips below the text area.
     *
     * @private
     */
    _updateAttachments() {
        if (!this.attachmentsEl) {
            return;
        }
        this.attachmentsEl.replaceChildren();
        if (this.attachments.length) {
            this.attachmentsEl.appendChild(
                renderToElement("portal.Chatter.Attachments", {
                    attachments: this.attachments,
                    showDelete: true,
                })
            );
        }
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * @private
     * @param {string} route
     * @returns {Promise<Object>} the post result
     */
    async _chatterPostMessage(route) {
        const result = await rpc(route, this._prepareMessageData());
        Component.env.bus.trigger("reload_chatter_content", result);
        return result;
    },
});

export default {
    PortalComposer,
};
