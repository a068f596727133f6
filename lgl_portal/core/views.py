from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


# Everything that is not for the public: drafts (protocol pages before justering, agenda editing, summaries being
# written), members' pages, accounts, administration and files. Rights still decide; this keeps crawlers from
# spending effort on pages that answer 403/404 to them and out of pages a shared link might open.
ROBOTS_DISALLOW = (
    "/admin/",
    "/konto/",
    "/mina-sidor/",
    "/granskning/",
    "/personer/",
    "/dokument/",
    "/moten/nytt/",
    "/moten/sammantradesplan/",
    "/moten/*/redigera/",
    "/moten/*/arenden/",
    "/moten/*/narvaro/",
    "/moten/*/protokoll/",
    "/moten/*/justering/",
    "/moten/*/anslag/",
    "/moten/*/rattelse/",
    "/moten/*/utdrag/",
    "/moten/*/kallelse/",
    "/moten/handling/",
    "/beslut/hantera/",
    "/beslut/nytt/",
    "/beslut/*/redigera/",
    "/beslut/*/sammanfattning/",
    "/beslut/uppdrag/",
    "/ratificering/nytt/",
    "/sok/",
)


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
