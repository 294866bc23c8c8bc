from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Adhesion, Invitation, Membre, User


class MembreInline(admin.TabularInline):
    model = Membre
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisme"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembreInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        ("Rôle", {"fields": ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)


@admin.register(Membre)
class MembreAdmin(admin.ModelAdmin):
    list_display = ["user", "organisme", "role", "statut", "created_at"]
    list_filter = ["role", "statut"]
    search_fields = ["user__email", "organisme__raison_sociale", "organisme__siret"]
    autocomplete_fields = ["user", "organisme"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisme", "role", "created_at", "accepted_at"]
    search_fields = ["email", "organisme__raison_sociale"]
    readonly_fields = ["token"]
    autocomplete_fields = ["organisme"]


@admin.register(Adhesion)
class AdhesionAdmin(admin.ModelAdmin):
    list_display = ["organisme", "statut", "demandee_le", "decidee_le"]
    list_filter = ["statut"]
    search_fields = ["organisme__raison_sociale", "organisme__siret"]
    autocomplete_fields = ["organisme"]
