"""A URLconf with only a login address, for tests/core/test_fragments.py."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("bara-inloggning/", lambda request: HttpResponse(), name="login")]
