# Part of the clean-room Customer Portal addon. License LGPL-3.
from unittest.mock import patch

from lxml import html as lxml_html

from odoo.tests import BaseCase, TransactionCase, tagged

from odoo.addons.portal.controllers.portal import (
    CustomerPortal,
    _build_url_w_params,
    get_error,
    get_records_pager,
    pager,
)
from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon

from .common import create_demo_documents


def _page(url, num):
    return {"url": url, "num": num}


@tagged("post_install", "-at_install", "portal_pager")
class TestPagerFunction(BaseCase):
    """``pager()`` gives the exact pages and links the ``portal.pager`` template renders."""

    def test_no_record(self):
        values = pager("/my/things", total=0)
        self.assertEqual(values["page_count"], 0)
        self.assertEqual(values["offset"], 0)
        self.assertEqual(values["pages"], [])
        self.assertEqual(values["page"], _page("/my/things", 1))
        self.assertEqual(values["page_first"], _page("/my/things", 1))
        self.assertEqual(values["page_last"], _page("/my/things", 0))
        self.assertEqual(values["page_previous"], _page("/my/things", 1))
        self.assertEqual(values["page_next"], _page("/my/things", 0))
        self.assertEqual(values["page_start"], _page("/my/things", 1))
        self.assertEqual(values["page_end"], _page("/my/things", 0))

    def test_one_record(self):
        values = pager("/my/things", total=1, page=1)
        self.assertEqual(values["page_count"], 1)
        self.assertEqual(values["offset"], 0)
        self.assertEqual(values["pages"], [_page("/my/things", 1)])
        self.assertEqual(values["page_previous"], _page("/my/things", 1))
        self.assertEqual(values["page_next"], _page("/my/things", 1))
        self.assertEqual(values["page_last"], _page("/my/things", 1))

    def test_exactly_one_full_page(self):
        values = pager("/my/things", total=30, page=1, step=30)
        self.assertEqual(values["page_count"], 1)
        self.assertEqual(values["pages"], [_page("/my/things", 1)])
        # Asking for page 2 of a single page list gives page 1.
        values = pager("/my/things", total=30, page=2, step=30)
        self.assertEqual(values["page"], _page("/my/things", 1))
        self.assertEqual(values["offset"], 0)

    def test_one_record_more_than_a_page(self):
        values = pager("/my/things", total=31, page=1, step=30)
        self.assertEqual(values["page_count"], 2)
        self.assertEqual(values["pages"], [_page("/my/things", 1), _page("/my/things/page/2", 2)])
        self.assertEqual(values["page_next"], _page("/my/things/page/2", 2))
        self.assertEqual(values["page_last"], _page("/my/things/page/2", 2))
        values = pager("/my/things", total=31, page=2, step=30)
        self.assertEqual(values["offset"], 30)
        self.assertEqual(values["page"], _page("/my/things/page/2", 2))
        self.assertEqual(values["page_previous"], _page("/my/things", 1))
        self.assertEqual(values["page_next"], _page("/my/things/page/2", 2))

    def test_thousand_records(self):
        values = pager("/my/things", total=1000, page=10, step=30)
        self.assertEqual(values["page_count"], 34)
        self.assertEqual(values["offset"], 270)
        self.assertEqual([page["num"] for page in values["pages"]], [8, 9, 10, 11, 12])
        self.assertEqual(values["page_previous"], _page("/my/things/page/9", 9))
        self.assertEqual(values["page_next"], _page("/my/things/page/11", 11))
        self.assertEqual(values["page_start"]["num"], 8)
        self.assertEqual(values["page_end"]["num"], 12)
        self.assertEqual(values["page_last"], _page("/my/things/page/34", 34))

        values = pager("/my/things", total=1000, page=33, step=30)
        self.assertEqual([page["num"] for page in values["pages"]], [30, 31, 32, 33, 34])
        self.assertEqual(values["page_next"]["num"], 34)

        values = pager("/my/things", total=1000, page=1, step=30)
        self.assertEqual([page["num"] for page in values["pages"]], [1, 2, 3, 4, 5])
        self.assertEqual(values["page_previous"]["num"], 1)

        values = pager("/my/things", total=1000, page=999, step=30)
        self.assertEqual(values["page"]["num"], 34, "a page past the end is the last page")
        self.assertEqual(values["offset"], 990)

    def test_page_that_is_not_a_positive_number(self):
        for page in ("abc", "-3", None, "2.5", "", "\u00b2", "1" * 5000, " 2", "2 ", 2.0):
            with self.subTest(page=page):
                self.assertEqual(pager("/my/things", total=100, page=page)["page"]["num"], 1)
        self.assertEqual(pager("/my/things", total=100, page="3")["page"]["num"], 3)
        self.assertEqual(pager("/my/things", total=100, page=3)["page"]["num"], 3)

    def test_scope(self):
        values = pager("/my/things", total=1000, page=10, step=10, scope=3)
        self.assertEqual([page["num"] for page in values["pages"]], [9, 10, 11])
        values = pager("/my/things", total=1000, page=10, step=10, scope=1)
        self.assertEqual([page["num"] for page in values["pages"]], [10])

    def test_url_args(self):
        values = pager(
            "/my/things",
            total=100,
            page=2,
            step=10,
            url_args={"sortby": "date", "search": None, "filterby": "all", "n": 3},
        )
        self.assertEqual(values["page"]["url"], "/my/things/page/2?sortby=date&filterby=all&n=3")
        self.assertEqual(values["page_first"]["url"], "/my/things?sortby=date&filterby=all&n=3")
        values = pager("/my/things", total=100, page=2, step=10, url_args={"q": "a b&c"})
        self.assertEqual(values["page"]["url"], "/my/things/page/2?q=a+b%26c")


@tagged("post_install", "-at_install", "portal_pager")
class TestUrlHelpers(BaseCase):
    def test_build_url_w_params(self):
        self.assertEqual(
            _build_url_w_params("/shop?category=3&sort=price", {"category": "5", "page": "2"}),
            "/shop?category=5&sort=price&page=2",
        )
        self.assertEqual(
            _build_url_w_params(
                "/shop?category=3&sort=price", {"category": "5", "page": "2"}, False
            ),
            "/shop?category=3&category=5&sort=price&page=2",
        )
        self.assertEqual(
            _build_url_w_params("/shop?a=1&a=2", {}),
            "/shop?a=1",
            "duplicates of the original URL are removed too",
        )
        self.assertEqual(_build_url_w_params("/shop", {"x": "é"}), "/shop?x=%C3%A9")
        self.assertEqual(
            _build_url_w_params("https://example.com/shop#top", {"page": 2}),
            "https://example.com/shop?page=2#top",
        )

    def test_get_error(self):
        errors = {"password": {"old": "wrong", "new1": {"deep": 1}}, "top": "oops"}
        self.assertEqual(get_error(errors, "password.old"), "wrong")
        self.assertEqual(get_error(errors, "top"), "oops")
        self.assertIsNone(get_error(errors, "password"))
        self.assertIsNone(get_error(errors, "password.new1"))
        self.assertIsNone(get_error(errors, "password.new2"))
        self.assertIsNone(get_error(errors, "top.more"))
        self.assertIsNone(get_error(errors))
        self.assertEqual(get_error("plain message"), "plain message")
        self.assertIsNone(get_error(None, "a.b"))


@tagged("post_install", "-at_install", "portal_pager")
class TestRecordsPager(TransactionCase):
    """``get_records_pager`` outside of a request: the record's own environment decides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.docs = create_demo_documents(
            cls.env, "Pager Customer", [f"P/{index}" for index in range(3)]
        )

    def test_neighbours_with_tokens(self):
        first, middle, last = self.docs
        values = get_records_pager(self.docs.ids, middle)
        self.assertEqual(
            values["prev_record"], f"{first.access_url}?access_token={first.access_token}"
        )
        self.assertEqual(
            values["next_record"], f"{last.access_url}?access_token={last.access_token}"
        )
        self.assertTrue(first.access_token, "the neighbour's token was created")
        values = get_records_pager(self.docs.ids, first)
        self.assertFalse(values["prev_record"])
        self.assertTrue(values["next_record"].startswith(middle.access_url))
        values = get_records_pager(self.docs.ids, last)
        self.assertFalse(values["next_record"])

    def test_record_outside_of_the_history(self):
        self.assertEqual(get_records_pager(self.docs[:2].ids, self.docs[2]), {})
        self.assertEqual(get_records_pager([], self.docs[0]), {})

    def test_deleted_neighbour_is_skipped(self):
        first, middle, last = self.docs
        ids = self.docs.ids
        middle.unlink()
        values = get_records_pager(ids, first)
        self.assertTrue(values["next_record"].startswith(last.access_url + "?"))

    def test_model_with_website_url_only(self):
        # res.partner has neither access_url nor website_url without website: no pager.
        partners = self.env["res.partner"].create([{"name": "A"}, {"name": "B"}])
        self.assertEqual(get_records_pager(partners.ids, partners[0]), {})


@tagged("post_install", "-at_install", "portal_pager")
class TestListPagePager(PortalDemoHttpCommon):
    """The demo list page renders the pager's links exactly."""

    def _page_links(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        tree = lxml_html.fromstring(response.content)
        rows = tree.xpath("//table[contains(@class, 'o_portal_my_doc_table')]//tbody/tr")
        links = [
            (item.text_content().strip(), item.get("href"))
            for item in tree.xpath("//ul[contains(@class, 'pagination')]//a")
        ]
        return len(rows), links

    def _create_documents(self, count):
        self.env["portal.demo.document"].create(
            [
                {"name": f"BULK/{index:04d}", "partner_id": self.partner_ivan.id}
                for index in range(count)
            ]
        )

    def test_list_page_with_0_1_30_31_documents(self):
        self.authenticate("ivan.portal", "ivan.portal")
        url_args = "sortby=date&filterby=all&search_in=name"
        with patch.object(CustomerPortal, "_items_per_page", 30):
            self.doc_ivan.unlink()
            rows, links = self._page_links("/my/demo_documents")
            self.assertEqual((rows, links), (0, []))

            self._create_documents(1)
            self.assertEqual(self._page_links("/my/demo_documents"), (1, []))

            self._create_documents(29)
            self.assertEqual(self._page_links("/my/demo_documents"), (30, []))

            self._create_documents(1)
            rows, links = self._page_links("/my/demo_documents")
            self.assertEqual(rows, 30)
            page_2 = f"/my/demo_documents/page/2?{url_args}"
            self.assertEqual(
                [href for _label, href in links],
                [None, f"/my/demo_documents?{url_args}", page_2, page_2],
            )
            self.assertEqual([label for label, _href in links][1:3], ["1", "2"])

            rows, links = self._page_links(page_2)
            self.assertEqual(rows, 1)
            self.assertEqual(links[0][1], f"/my/demo_documents?{url_args}")
            self.assertIsNone(links[-1][1], "no next link on the last page")

    def test_list_page_with_1000_documents_keeps_filters_in_links(self):
        self._create_documents(999)
        self.authenticate("ivan.portal", "ivan.portal")
        with patch.object(CustomerPortal, "_items_per_page", 30):
            rows, links = self._page_links("/my/demo_documents/page/10?sortby=name&search=BULK")
        self.assertEqual(rows, 30)
        args = "sortby=name&filterby=all&search_in=name&search=BULK"
        self.assertEqual([label for label, _href in links][1:-1], ["8", "9", "10", "11", "12"])
        self.assertEqual(links[0][1], f"/my/demo_documents/page/9?{args}")
        self.assertEqual(links[-1][1], f"/my/demo_documents/page/11?{args}")
