# Part of the clean-room Customer Portal addon. License LGPL-3.
"""The addon's translation catalogue: up to date with the code, fully translated into
Spanish, and used for the portal pages and the e-mails of a Spanish-speaking customer."""

import fnmatch
import html
import os
import re

import polib
from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.translate import (
    JAVASCRIPT_TRANSLATION_COMMENT,
    PYTHON_TRANSLATION_COMMENT,
    TranslationModuleReader,
)

from odoo.addons.mail.tests.common import MockEmail

from .common import PortalHttpCase, create_share_wizard, new_portal_customer, open_grant_wizard

# Folders of the repository that are not part of the shipped addon: tools/i18n leaves them
# out of the export too (`.addons` links back to the repository itself).
UNSHIPPED = {".addons", ".git", "demo_addons", "tests", "tools", "docs", "i18n", "node_modules"}
# What a translation must keep as it is (the same rule as tools/i18n): printf-style
# placeholders, inline QWeb expressions, QWeb attributes and the HTML tags of a term.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|#\{.*?\}|\bt-[\w-]+=\"[^\"]*\"|</?[a-zA-Z][\w-]*"
)
CODE_MARKERS = (PYTHON_TRANSLATION_COMMENT, JAVASCRIPT_TRANSLATION_COMMENT)
# Attributes of the rendered pages that carry translated text.
TEXT_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "data-tooltip")
# Texts of the addon that another module also shows on the same page in English (Odoo's
# Spanish catalogue of auth_totp_portal leaves the title of its two-factor link untranslated).
SHARED_WITH_OTHER_MODULES = {"Documentation"}


def _catalogue(name):
    return polib.pofile(os.path.join(get_module_path("portal"), "i18n", name))


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def _code_markers(comment):
    """Return the markers telling Odoo to serve a term to the Python code or the web client."""
    lines = (comment or "").splitlines()
    return {marker for marker in CODE_MARKERS if marker in lines}


def _plain_text(term):
    """Return the words a reader sees of a QWeb term: no tags, entities decoded."""
    if "<" in term:
        term = lxml_html.fragment_fromstring(term, create_parent="div").text_content()
    return " ".join(html.unescape(term).split())


class _ShippedTermsReader(TranslationModuleReader):
    """Odoo's exporter, reading the files of the shipped addon only.

    The records are exported by Odoo's own code; only the walk over the files is narrowed to
    what tools/i18n gives the exporter (this repository holds a link to itself and the demo
    addon, which Odoo's walk would read as part of ``portal``).
    """

    def _export_translatable_resources(self):
        module_dir = get_module_path("portal")
        addons_dir = os.path.dirname(module_dir)
        for root, dirnames, filenames in os.walk(module_dir, followlinks=True):
            if root == module_dir:
                dirnames[:] = [name for name in dirnames if name not in UNSHIPPED]
            dirnames[:] = [name for name in dirnames if name != "__pycache__"]
            for filename in fnmatch.filter(filenames, "*.py"):
                self._babel_extract_terms(
                    filename,
                    addons_dir,
                    root,
                    "python",
                    extra_comments=[PYTHON_TRANSLATION_COMMENT],
                    extract_keywords={"_": None, "_lt": None},
                )
            if fnmatch.fnmatch(root, "*/static/src*"):
                for filename in fnmatch.filter(filenames, "*.js"):
                    self._babel_extract_terms(
                        filename,
                        addons_dir,
                        root,
                        "javascript",
                        extra_comments=[JAVASCRIPT_TRANSLATION_COMMENT],
                        extract_keywords={"_t": None},
                    )
                for filename in fnmatch.filter(filenames, "*.xml"):
                    self._babel_extract_terms(
                        filename,
                        addons_dir,
                        root,
                        "odoo.tools.translate:babel_extract_qweb",
                        extra_comments=[JAVASCRIPT_TRANSLATION_COMMENT],
                    )


@tagged("post_install", "-at_install", "portal_i18n")
class TestCatalogue(TransactionCase):
    """i18n/portal.pot holds every term of the code; i18n/es.po translates all of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot = _catalogue("portal.pot")
        cls.es = _catalogue("es.po")

    def test_export_reads_the_addon(self):
        """The exporter finds the addon's terms of every kind, and none of the demo addon."""
        rows = list(_ShippedTermsReader(self.env.cr, modules=["portal"]))
        self.assertTrue(rows)
        self.assertEqual({row[0] for row in rows}, {"portal"})
        sources = {row[4]: row for row in rows}
        # a Python message, a JS string, an OWL template text, a QWeb page text, a field label
        self.assertIn("%(contact)s already has portal access.", sources)
        self.assertIn("Due today", sources)
        self.assertIn("Name your key", sources)
        self.assertIn("Contact Details", sources)
        self.assertIn("Invitation Message", sources)
        self.assertFalse(
            [row for row in rows if "demo_addons" in str(row[2]) or "/tests/" in str(row[2])]
        )

    def test_catalogue_is_up_to_date(self):
        """Every term the code exports today is in portal.pot, served where the code asks.

        When this fails, run tools/i18n and translate the new entries of i18n/es.po.
        """
        pot_entries = {entry.msgid: entry for entry in self.pot}
        missing, wrong_kind = set(), set()
        for _module, _type, _name, _res_id, source, _value, comments in _ShippedTermsReader(
            self.env.cr, modules=["portal"]
        ):
            entry = pot_entries.get(source)
            if entry is None:
                missing.add(source)
            elif not {c for c in comments if c in CODE_MARKERS} <= _code_markers(entry.comment):
                # a term now also used in Python or JS code would not be served there
                wrong_kind.add(source)
        self.assertFalse(
            sorted(missing), "terms missing from i18n/portal.pot: run tools/i18n and translate"
        )
        self.assertFalse(
            sorted(wrong_kind), "terms of portal.pot used by other code now: run tools/i18n"
        )

    def test_spanish_covers_the_catalogue(self):
        """es.po translates every entry of portal.pot, keeping its placeholders and tags."""
        es_entries = {entry.msgid: entry for entry in self.es if not entry.obsolete}
        self.assertGreater(len(self.pot), 150)
        untranslated, fuzzy, broken, unserved = [], [], [], []
        for pot_entry in self.pot:
            entry = es_entries.get(pot_entry.msgid)
            if entry is None or not entry.msgstr.strip():
                untranslated.append(pot_entry.msgid)
                continue
            if entry.fuzzy:
                fuzzy.append(pot_entry.msgid)
            if _placeholders(entry.msgid) != _placeholders(entry.msgstr):
                broken.append(pot_entry.msgid)
            if _code_markers(entry.comment) != _code_markers(pot_entry.comment):
                unserved.append(pot_entry.msgid)
        self.assertFalse(untranslated, "entries of portal.pot without a Spanish translation")
        self.assertFalse(fuzzy, "fuzzy Spanish translations")
        self.assertFalse(broken, "Spanish translations whose placeholders or tags differ")
        self.assertFalse(unserved, "es.po entries not marked for Python/JS like portal.pot")
        self.assertEqual(self.es.metadata.get("Language"), "es")

    def test_errors_naming_values_use_named_placeholders(self):
        """A translator can move every value: no positional ``%s`` in a translated term."""
        positional = [
            entry.msgid
            for entry in self.pot
            if _code_markers(entry.comment) and re.search(r"%[sdfr]", entry.msgid)
        ]
        self.assertFalse(positional)
        self.assertIn(
            "%(contact)s belongs to the company %(company)s, which you have no access to. "
            "Only a user of that company can grant portal access to this contact.",
            {entry.msgid for entry in self.pot},
        )


class SpanishCase:
    """Spanish installed, with the addon's Spanish terms loaded."""

    @classmethod
    def _load_spanish(cls, modules=("portal",)):
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(list(modules), ["es_ES"], overwrite=True)
        cls.env.user.lang = "en_US"
        cls.es = {entry.msgid: entry.msgstr for entry in _catalogue("es.po")}


@tagged("post_install", "-at_install", "portal_i18n")
class TestSpanishPages(SpanishCase, PortalHttpCase):
    """The portal pages of a Spanish-speaking customer have no English text of the addon."""

    # The addon's templates the pages below render (layout, home, account and security).
    PAGE_TEMPLATES = {
        "portal.frontend_layout",
        "portal.portal_layout",
        "portal.user_dropdown",
        "portal.my_account_link",
        "portal.portal_breadcrumbs",
        "portal.side_content",
        "portal.portal_contact",
        "portal.portal_my_home",
        "portal.portal_my_details",
        "portal.portal_my_details_fields",
        "portal.portal_my_security",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every installed module speaks Spanish, as in a real database: the texts other
        # modules add to these pages (two-factor section, contact widget...) are theirs.
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
        cls._load_spanish(installed.mapped("name"))
        cls.user_lucia = new_portal_customer(
            cls.env, "lucia.portal", name="Lucía Portal", email="lucia@example.com", lang="es_ES"
        )
        # A salesperson shows the "your contact" box of the side panel.
        cls.user_lucia.partner_id.user_id = new_test_user(
            cls.env, login="sales.rep", name="Sergio Sales", groups="base.group_user"
        )
        cls.page_terms = {}
        for entry in _catalogue("portal.pot"):
            templates = {
                occurrence.rsplit(":", 1)[-1]
                for occurrence, _line in entry.occurrences
                if occurrence.startswith("model_terms:ir.ui.view,arch_db:")
            }
            english, spanish = _plain_text(entry.msgid), _plain_text(cls.es[entry.msgid])
            if templates & cls.PAGE_TEMPLATES and english and english != spanish:
                cls.page_terms[english] = spanish

    def _page_text(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        tree = lxml_html.fromstring(response.content)
        # Scripts are code, and the options of the address lists are data (country names).
        for element in tree.xpath("//script | //style | //template | //option[@value!='']"):
            element.drop_tree()
        texts = [tree.text_content()]
        for attribute in TEXT_ATTRIBUTES:
            texts += tree.xpath(f"//@{attribute}")
        return " ".join(" ".join(texts).split())

    def _assert_spanish(self, url, expected):
        self.authenticate("lucia.portal", "lucia.portal")
        text = self._page_text(url)
        for spanish in expected:
            self.assertIn(spanish, text, f"{url} shows {spanish!r}")
        english_left = [
            english
            for english in self.page_terms
            if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)
        ]
        for english in SHARED_WITH_OTHER_MODULES.intersection(english_left):
            # left by another module: the addon's own occurrence must be in Spanish
            self.assertIn(self.page_terms[english], text)
            english_left.remove(english)
        self.assertFalse(english_left, f"English texts of the addon left on {url}")
        shown = [spanish for spanish in self.page_terms.values() if spanish in text]
        return shown

    def test_home(self):
        shown = self._assert_spanish(
            "/my",
            [
                "Conexión y seguridad",
                "Elija cómo iniciar sesión y mantenga segura su cuenta",
                "Su contacto",
                "Mi cuenta",
            ],
        )
        self.assertGreaterEqual(len(shown), 5)

    def test_account(self):
        shown = self._assert_spanish(
            "/my/account",
            ["Datos de contacto", "Código postal", "Seleccione un país...", "Guardar"],
        )
        self.assertGreaterEqual(len(shown), 12)

    def test_security(self):
        # the API keys section too
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        shown = self._assert_spanish(
            "/my/security?debug=1",
            [
                "Cambie su contraseña",
                "Contraseña actual",
                "Eliminar mi cuenta",
                "Claves API para desarrolladores",
                "Documentación",
            ],
        )
        self.assertGreaterEqual(len(shown), 20)

    def test_errors_and_web_client_terms(self):
        """Python messages and the front-end strings come from es.po too."""
        _page, csrf_token = self._open_form("lucia.portal", "/my/account")
        response = self.url_open(
            "/my/account", data={"name": "", "email": "", "csrf_token": csrf_token}
        )
        self.assertIn("Algunos campos obligatorios están vacíos.", self._page_text_of(response))
        response = self.url_open("/web/webclient/translations/1?mods=portal&lang=es_ES")
        messages = {
            message["id"]: message["string"]
            for message in response.json()["modules"]["portal"]["messages"]
        }
        self.assertEqual(messages["Due today"], "Vence hoy")
        self.assertEqual(messages["Due in %(count)s days"], "Vence en %(count)s días")
        self.assertEqual(messages["Name your key"], "Asigne un nombre a su clave")

    def _page_text_of(self, response):
        self.assertEqual(response.status_code, 200)
        tree = lxml_html.fromstring(response.content)
        return " ".join(tree.text_content().split())


@tagged("post_install", "-at_install", "portal_i18n")
class TestSpanishMails(SpanishCase, MockEmail, TransactionCase):
    """Invitations and shares reach each contact in the contact's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_spanish()
        cls.env.company.name = "Acme Tools"
        Partner = cls.env["res.partner"]
        cls.contact_es = Partner.create(
            {"name": "Lucía Ruiz", "email": "lucia.ruiz@example.com", "lang": "es_ES"}
        )
        cls.contact_en = Partner.create(
            {"name": "Liam Reed", "email": "liam.reed@example.com", "lang": "en_US"}
        )
        cls.document = cls.env["portal.demo.document"].create(
            {"name": "DOC/0077", "partner_id": cls.contact_en.id}
        )
        cls.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2b")

    def _invite(self, partner):
        """Grant ``partner`` portal access; return the subject and the body of the invitation."""
        wizard = open_grant_wizard(self.env, partner)
        with self.mock_mail_gateway():
            wizard.user_ids.action_grant_access()
        self.assertEqual(len(self._new_mails), 1)
        return self._new_mails.subject, str(self._new_mails.body_html)

    def _share(self, partner):
        """Share the document with ``partner``; return the subject and the text of its mail."""
        wizard = create_share_wizard(self.env, self.document, partner)
        with self.mock_mail_gateway():
            wizard.action_send_mail()
        mails = self._new_mails.filtered(lambda mail: partner in mail.recipient_ids)
        self.assertEqual(len(mails), 1)
        return mails.subject, " ".join(str(mails.body_html).split())

    def test_invitation_in_spanish(self):
        subject, body = self._invite(self.contact_es)
        self.assertEqual(subject, "Su cuenta en Acme Tools")
        for spanish in ("Hola", "Lucía Ruiz", "Su nombre de usuario:", "Activar mi cuenta"):
            self.assertIn(spanish, body)
        self.assertNotIn("Activate my account", body)
        self.assertNotIn("Your login", body)

    def test_invitation_in_english(self):
        subject, body = self._invite(self.contact_en)
        self.assertEqual(subject, "Your account at Acme Tools")
        self.assertIn("Activate my account", body)
        self.assertNotIn("Activar mi cuenta", body)

    def test_share_in_spanish(self):
        subject, body = self._share(self.contact_es)
        self.assertEqual(subject, "Invitación para acceder a DOC/0077")
        self.assertIn("Hola", body)
        self.assertIn("le ha invitado a acceder a un documento de tipo", body)
        self.assertRegex(body, r">\s*Abrir")
        self.assertNotIn("invited you to access", body)

    def test_share_in_english(self):
        subject, body = self._share(self.contact_en)
        self.assertEqual(subject, "You are invited to access DOC/0077")
        self.assertIn("invited you to access the following", body)
        self.assertNotIn("le invitó", body)

    def test_wizard_errors_in_the_user_language(self):
        """An error naming a contact is worded in the user's language, the name in place."""
        wizard = open_grant_wizard(self.env, self.contact_es)
        with self.assertRaises(UserError) as caught:
            wizard.user_ids.with_context(lang="es_ES").action_revoke_access()
        self.assertEqual(
            str(caught.exception),
            "Lucía Ruiz no tiene acceso al portal que se pueda revocar.",
        )
