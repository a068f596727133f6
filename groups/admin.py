from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from groups import services
from groups.models import County, Membership, Organ, Organisation, Person
from lgl_portal.accounts.admin_site import ServiceAdmin


@admin.register(County)
class CountyAdmin(admin.ModelAdmin[County]):
    list_display = ("name", "code")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "county", "is_principal", "registrator_email")
    list_filter = ("county", "kind", "is_principal")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    """Saves go through the services: audited, an e-mail change told at the old address, rights follow."""

    list_display = ("name", "title", "organisation", "party", "user")
    search_fields = ("name", "title", "email")
    list_select_related = ("organisation", "user")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)
    fields = services.PERSON_UPDATE_FIELDS

    def has_delete_permission(self, request: HttpRequest, obj: Person | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Person, form: forms.ModelForm[Person], change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in services.PERSON_UPDATE_FIELDS if name in form.cleaned_data}
        if change:
            fresh = Person.objects.get(pk=obj.pk)
            changed = {name: value for name, value in data.items() if name in form.changed_data}
            services.person_update(acting_user=request.user, person=fresh, **changed)
        else:
            saved = services.person_create(acting_user=request.user, **data)
            obj.pk = saved.pk


@admin.register(Organ)
class OrganAdmin(ServiceAdmin):
    """Organs are set up by migrations and demo data; their texts change through `organ_update` only."""

    list_display = ("name", "kind", "county", "parent", "is_public")
    list_filter = ("county", "kind")
    search_fields = ("name",)
    fields = services.ORGAN_UPDATE_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Organ | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Organ, form: forms.ModelForm[Organ], change: bool) -> None:
        fresh = Organ.objects.get(pk=obj.pk)
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name in services.ORGAN_UPDATE_FIELDS}
        services.organ_update(acting_user=request.user, organ=fresh, **changed)


class MembershipAdminForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ("person", "organ", "role", "representing", "start_date", "end_date", "note")

    def clean(self) -> dict[str, Any]:
        # A ModelForm's clean() returns cleaned_data (the stubs allow None for forms that override it).
        data = cast("dict[str, Any]", super().clean())
        if self.instance.pk is None and not self.errors:
            try:
                services.membership_validate(
                    person=data["person"],
                    organ=data["organ"],
                    role=data["role"],
                    start_date=data["start_date"],
                    end_date=data.get("end_date"),
                )
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        elif self.instance.pk is not None and data.get("end_date") and data["end_date"] < self.instance.start_date:
            self.add_error("end_date", _("Slutdatum kan inte ligga före startdatum."))
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    """Admins add and end memberships here too, but every save goes through the services.

    A saved membership is history: only its end date can change (ending it), so nothing is overwritten.
    """

    form = MembershipAdminForm
    list_display = ("person", "organ", "role", "start_date", "end_date")
    list_filter = ("organ", "role")
    search_fields = ("person__name", "organ__name")
    list_select_related = ("person", "organ")
    autocomplete_fields = ("person",)

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("person", "organ", "role", "representing", "start_date", "note")

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Membership, form: forms.ModelForm[Membership], change: bool
    ) -> None:
        if not change:
            saved = services.membership_start(
                acting_user=request.user,
                person=obj.person,
                organ=obj.organ,
                role=obj.role,
                start_date=obj.start_date,
                end_date=obj.end_date,
                representing=obj.representing,
                note=obj.note,
            )
            obj.pk = saved.pk
        elif "end_date" in form.changed_data and obj.end_date is not None:
            services.membership_end(acting_user=request.user, membership=obj, end_date=obj.end_date)
