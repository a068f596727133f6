import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.security.test_markers import planted, seed_urls, crawl, MARKERS, _leaks  # noqa
pytestmark = pytest.mark.django_db
def test_dbg(planted):
    c = Client(); c.force_login(get_user_model().objects.get(username="sekreterare"))
    for url, text in crawl(c, seed_urls(planted)):
        for k in ("private_note","question","comment"):
          if MARKERS[k] in text:
            i = text.index(MARKERS[k]); print("HIT", k, url, repr(text[i-200:i+30]))
