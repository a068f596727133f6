"""The document panel's context, so the meetings views need not know about documents."""

from __future__ import annotations

import time
from typing import Any

from django import template

from meetings.documents import permissions, selectors
from meetings.models import Meeting

register = template.Library()


@register.simple_tag(takes_context=True)
def document_panel(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    can_request = bool(user and permissions.can_request_documents(user, meeting))
    jobs = selectors.jobs_for_meeting(meeting=meeting) if can_request else []
    kallelse = selectors.kallelse_job(meeting=meeting) if user and user.is_authenticated else None
    return {
        "public_pdf": selectors.public_protocol_job(meeting=meeting) if meeting.organ.is_public else None,
        "can_request": can_request,
        "kallelse_pdf": kallelse if kallelse and permissions.can_download(user, kallelse) else None,
        "jobs": jobs,
        "extracts": list(selectors.extracts_for_meeting(meeting=meeting)) if can_request else [],
        "next": request.get_full_path() if request else "",
        # A link to the current address plus a fragment only scrolls; a fresh query makes browsers reload.
        "reload_url": f"{request.path}?dokument={int(time.time())}" if request else "",
    }
