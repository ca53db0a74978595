# Part of the clean-room Customer Portal addon. License LGPL-3.
from lxml import html as lxml_html

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon


@tagged("post_install", "-at_install", "portal_demo")
class TestDemoDocumentModel(PortalDemoHttpCommon):
    """The demo business addon: model, access rules and partner edit rules."""

    def test_access_url_and_portal_url(self):
        doc = self.doc_nora_1
        self.assertEqual(doc.access_url, f"/my/demo_documents/{doc.id}")
        token = doc._portal_ensure_token()
        self.assertEqual(doc.get_portal_url(), f"/my/demo_documents/{doc.id}?access_token={token}")

    def test_portal_user_reads_only_documents_of_his_commercial_entity(self):
        Document = self.env["portal.demo.document"].with_user(self.user_nora)
        visible = Document.search([("id", "in", (self.doc_nora_1 | self.doc_ivan).ids)])
        self.assertEqual(visible, self.doc_nora_1)
        # The company's document is visible to its contact, through child_of.
        self.assertEqual(
            Document.search([("partner_id", "=", self.customer_company.id)]), self.doc_nora_2
        )
        with self.assertRaises(AccessError):
            self.doc_ivan.with_user(self.user_nora).check_access("read")

    def test_portal_user_cannot_write_create_or_unlink(self):
        doc = self.doc_nora_1.with_user(self.user_nora)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            doc.write({"amount": 1.0})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            doc.unlink()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["portal.demo.document"].with_user(self.user_nora).create(
                {"name": "FORGED", "partner_id": self.partner_nora.id}
            )

    def test_internal_user_manages_documents(self):
        Document = self.env["portal.demo.document"].with_user(self.user_clerk)
        doc = Document.create({"name": "CLERK/1", "partner_id": self.partner_ivan.id})
        self.assertEqual(doc.state, "draft")
        doc.action_post()
        self.assertEqual(doc.state, "posted")
        doc.action_cancel()
        self.assertEqual(doc.state, "cancel")
        doc.action_draft()
        self.assertEqual(doc.state, "draft")
        action = doc.preview_demo_document()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], doc.get_portal_url())

    def test_posted_document_freezes_the_whole_commercial_entity(self):
        self.assertTrue(self.customer_company.can_edit_vat())
        self.assertTrue(self.customer_company._can_edit_name())
        self.assertTrue(self.partner_nora._can_edit_name())
        # A draft or cancelled document does not freeze anything.
        self.doc_nora_1.action_cancel()
        self.assertTrue(self.customer_company.can_edit_vat())
        self.doc_nora_1.action_post()
        self.assertFalse(self.customer_company.can_edit_vat())
        self.assertFalse(self.customer_company._can_edit_name())
        # The contact is judged on the whole commercial entity.
        self.assertFalse(self.partner_nora._can_edit_name())
        self.assertFalse(self.partner_nora.can_edit_vat())
        # Another customer is not affected.
        self.assertTrue(self.partner_ivan.can_edit_vat())
        self.assertTrue(self.partner_ivan._can_edit_name())


@tagged("post_install", "-at_install", "portal_demo")
class TestDemoDocumentPages(PortalDemoHttpCommon):
    """The demo pages, built on the portal's templates and controller hooks."""

    def _tree(self, response):
        self.assertEqual(response.status_code, 200, response.text[:500])
        return lxml_html.fromstring(response.content)

    def test_home_card_and_counter(self):
        self.authenticate("nora.portal", "nora.portal")
        tree = self._tree(self._get("/my"))
        cards = tree.xpath("//div[@id='portal_client_category']//a[@href='/my/demo_documents']")
        self.assertEqual(len(cards), 1)
        self.assertEqual(len(tree.xpath("//*[@data-placeholder_count='demo_document_count']")), 1)
        result = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["demo_document_count", "unknown_count"]}
        )
        self.assertEqual(result, {"demo_document_count": 3})
        # Now that the counter is known to be non-zero, the card is shown at once.
        tree = self._tree(self._get("/my"))
        card = tree.xpath("//a[@href='/my/demo_documents']/..")[0]
        self.assertNotIn("d-none", card.get("class").split())

    def test_list_page_shows_own_documents_with_links(self):
        self.authenticate("nora.portal", "nora.portal")
        tree = self._tree(self._get("/my/demo_documents"))
        rows = tree.xpath("//table[contains(@class, 'o_portal_my_doc_table')]//tbody/tr")
        self.assertEqual(len(rows), 3)
        links = [row.xpath(".//a/@href")[0] for row in rows]
        # Newest first by default.
        self.assertEqual(
            links,
            [doc.access_url for doc in (self.doc_nora_3, self.doc_nora_2, self.doc_nora_1)],
        )
        self.assertNotIn("IVAN/1", tree.text_content())

    def test_list_page_sort_filter_search(self):
        self.doc_nora_2.action_post()
        self.authenticate("nora.portal", "nora.portal")

        def names(url):
            tree = self._tree(self._get(url))
            return [
                a.text_content().strip()
                for a in tree.xpath("//table[contains(@class, 'o_portal_my_doc_table')]//tbody//a")
            ]

        self.assertEqual(names("/my/demo_documents?sortby=name"), ["NORA/1", "NORA/2", "NORA/3"])
        self.assertEqual(names("/my/demo_documents?sortby=amount"), ["NORA/3", "NORA/2", "NORA/1"])
        self.assertEqual(names("/my/demo_documents?filterby=posted"), ["NORA/2"])
        self.assertEqual(names("/my/demo_documents?search_in=name&search=NORA/3"), ["NORA/3"])
        # Unknown options fall back to the defaults instead of failing.
        self.assertEqual(
            names("/my/demo_documents?sortby=evil&filterby=nope&search_in=password"),
            ["NORA/3", "NORA/2", "NORA/1"],
        )
        tree = self._tree(self._get("/my/demo_documents?search=nothing-matches"))
        self.assertTrue(tree.xpath("//p[contains(@class, 'o_portal_demo_no_document')]"))

    def test_list_page_requires_login(self):
        response = self._get("/my/demo_documents")
        self.assertRedirectsTo(response, "/web/login")

    def test_document_page_for_its_customer(self):
        self.authenticate("nora.portal", "nora.portal")
        tree = self._tree(self._get(self.doc_nora_1.access_url))
        self.assertIn("NORA/1", tree.xpath("//div[@id='demo_document_content']//h3")[0].text)
        chatter = tree.xpath("//div[@id='discussion']")
        self.assertEqual(len(chatter), 1)
        self.assertEqual(chatter[0].get("data-res_model"), "portal.demo.document")
        self.assertEqual(chatter[0].get("data-res_id"), str(self.doc_nora_1.id))
        self.assertIsNone(chatter[0].get("data-token"), "no token when opened by right")
        self.assertTrue(tree.xpath("//div[@id='sidebar_content']"))
        report_link = tree.xpath("//a[contains(@class, 'o_portal_demo_report_link')]/@href")
        self.assertEqual(report_link, [self.doc_nora_1.get_portal_url(report_type="html")])

    def test_document_page_with_token_for_anonymous_visitor(self):
        token = self.doc_ivan._portal_ensure_token()
        tree = self._tree(self._get(f"{self.doc_ivan.access_url}?access_token={token}"))
        chatter = tree.xpath("//div[@id='discussion']")[0]
        self.assertEqual(chatter.get("data-token"), token)
        self.assertIn("IVAN/1", tree.text_content())

    def test_report_html_through_show_report(self):
        self.authenticate("nora.portal", "nora.portal")
        response = self._get(f"{self.doc_nora_1.access_url}?report_type=html")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/html")
        self.assertEqual(int(response.headers["Content-Length"]), len(response.content))
        tree = lxml_html.fromstring(response.content)
        self.assertEqual(
            tree.xpath("//h2[contains(@class, 'o_portal_demo_report_name')]")[0].text, "NORA/1"
        )

    def test_report_of_someone_else_is_refused(self):
        self.authenticate("nora.portal", "nora.portal")
        response = self._get(f"{self.doc_ivan.access_url}?report_type=html")
        self.assertRedirectsTo(response, "/my")
        response = self._get(f"{self.doc_ivan.access_url}?report_type=html&access_token=wrong")
        self.assertRedirectsTo(response, "/my")
        token = self.doc_ivan._portal_ensure_token()
        response = self._get(f"{self.doc_ivan.access_url}?report_type=html&access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"IVAN/1", response.content)

    def test_invalid_report_type_is_a_clear_error(self):
        self.authenticate("nora.portal", "nora.portal")
        with mute_logger("odoo.http"):
            response = self._get(f"{self.doc_nora_1.access_url}?report_type=exe")
        self.assertEqual(response.status_code, 400)


@tagged("post_install", "-at_install", "portal_demo", "portal_query_count")
class TestDemoPagesQueryCount(PortalDemoHttpCommon):
    """The home page and the list page cost the same number of queries whatever the number
    of documents."""

    def _queries(self, url):
        """Number of queries of a GET of ``url`` once caches are warm."""
        self.assertEqual(self.url_open(url).status_code, 200)
        self.env.flush_all()
        start = self.cr.sql_log_count
        self.assertEqual(self.url_open(url).status_code, 200)
        return self.cr.sql_log_count - start

    def _add_documents(self, count):
        self.env["portal.demo.document"].create(
            [
                {
                    "name": f"QC/{index:04d}",
                    "partner_id": self.partner_ivan.id,
                    "amount": index,
                    "state": "posted" if index % 2 else "draft",
                }
                for index in range(count)
            ]
        )
        self.env.flush_all()

    def test_query_count_does_not_grow(self):
        self.authenticate("ivan.portal", "ivan.portal")
        self._add_documents(9)  # 10 documents with IVAN/1
        urls = ["/my", "/my/demo_documents", "/my/demo_documents?sortby=amount"]
        budgets = {url: self._queries(url) for url in urls}
        counter_budget = self._counter_queries()
        # The requests' queries are counted: an empty count would prove nothing.
        for url, budget in budgets.items():
            self.assertGreater(budget, 5, url)
        self.assertGreater(counter_budget, 0)
        self._add_documents(90)  # 100 documents, more than one page of 80
        for url in urls:
            with self.subTest(url=url):
                self.url_open(url)  # warm the caches of the new documents' partners
                with self.assertQueryCount(budgets[url]):
                    response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
        with self.assertQueryCount(counter_budget):
            result = self.make_jsonrpc_request(
                "/my/counters", {"counters": ["demo_document_count"]}
            )
        self.assertEqual(result, {"demo_document_count": 100})

    def _counter_queries(self):
        self.make_jsonrpc_request("/my/counters", {"counters": ["demo_document_count"]})
        self.env.flush_all()
        start = self.cr.sql_log_count
        self.make_jsonrpc_request("/my/counters", {"counters": ["demo_document_count"]})
        return self.cr.sql_log_count - start
