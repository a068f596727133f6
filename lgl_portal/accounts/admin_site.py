"""The admin site, closed to a staff user who has enrolled a TOTP device but has not given a code this session.

Users without a device keep using the admin with their password, so `make run`'s demo logins still work.
Logging in always goes through the portal's own login (password, then code), never the admin's form, which
would skip the second step.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgl_portal.accounts import selectors


class PortalAdminSite(admin.AdminSite):
    site_header = gettext_lazy("LGL-portalens administration")
    site_title = gettext_lazy("LGL-administration")
    index_title = gettext_lazy("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and selectors.second_factor_satisfied(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if self.has_permission(request):
            return redirect(reverse("admin:index", current_app=self.name))
        # Logged in but not let in: say why, rather than send to the login page (which would send back here).
        if not selectors.second_factor_satisfied(request):
            message = _(
                "Administrationen kräver tvåstegsverifiering för ditt konto. Logga ut och logga in igen med koden "
                "från din app."
            )
        else:
            message = _("Administrationen är bara för portalens administratörer.")
        return render(request, "403.html", {"status": 403, "message": message}, status=403)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A domain model in the admin: shown, never written.

    Every write of the domain goes through its service (audit log, publication gate, sanitising, cache
    invalidation); the admin would be a second write path around all of them (issue 15). Admins change
    domain data on the portal's own pages, which call the services.
    """

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline of a read-only domain admin (see ReadOnlyAdmin)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _DryRun(Exception):
    """Rolls back the savepoint of a service call made only to learn whether the service accepts the form."""


class ServiceAdmin(admin.ModelAdmin):
    """A domain admin whose `save_model` calls the app's service (audit, gate, sanitising).

    The service may refuse what the form accepted (an organ under itself, a personnummer). Django's admin does
    not catch a ValidationError from `save_model`, so the refusal would be a server error: the form asks the
    service first, inside a savepoint that is always rolled back (with its audit row and any mail queued on
    commit), and shows the refusal next to the field like any form error. The real save then calls it again.
    """

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceCheckedForm(form_class):  # type: ignore[misc,valid-type]  # built per request by the admin
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if self.errors:
                    return cleaned
                pk = self.instance.pk
                try:
                    with transaction.atomic():
                        model_admin.save_model(request, self.instance, self, change)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as exc:
                    self.add_error(None, exc)
                finally:
                    self.instance.pk = pk  # a create in the dry run set the pk of a row that no longer exists
                return cleaned

        return ServiceCheckedForm
