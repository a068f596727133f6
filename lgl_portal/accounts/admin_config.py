"""Installs the portal's admin site in place of Django's default one (see PortalAdminSite)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "lgl_portal.accounts.admin_site.PortalAdminSite"
