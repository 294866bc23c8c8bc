from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms, views

FORM_PAGE = "espace/comptes/formulaire.html"
MESSAGE_PAGE = "espace/comptes/message.html"

urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="espace/comptes/connexion.html",
            authentication_form=forms.ConnexionForm,
            redirect_authenticated_user=True,
            extra_context={"title": "Se connecter"},
        ),
        name="connexion",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path("inscription/", views.inscription, name="inscription"),
    path("compte/", views.compte, name="compte"),
    path(
        "compte/mot-de-passe/",
        auth_views.PasswordChangeView.as_view(
            template_name=FORM_PAGE,
            form_class=forms.MotDePasseForm,
            success_url=reverse_lazy("espace:mot-de-passe-change"),
            extra_context={"title": "Changer de mot de passe", "submit": "Changer de mot de passe"},
        ),
        name="mot-de-passe",
    ),
    path(
        "compte/mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=MESSAGE_PAGE,
            extra_context={
                "title": "Mot de passe changé",
                "text": "Votre nouveau mot de passe est enregistré.",
            },
        ),
        name="mot-de-passe-change",
    ),
    path(
        "mot-de-passe-oublie/",
        auth_views.PasswordResetView.as_view(
            template_name=FORM_PAGE,
            form_class=forms.MotDePasseOublieForm,
            email_template_name="comptes/emails/mot_de_passe.txt",
            subject_template_name="comptes/emails/mot_de_passe_objet.txt",
            success_url=reverse_lazy("espace:mot-de-passe-envoye"),
            extra_context={
                "title": "Mot de passe oublié",
                "intro": "Saisissez l'adresse électronique de votre compte : nous y enverrons un lien "
                "pour choisir un nouveau mot de passe.",
                "submit": "Recevoir le lien",
            },
        ),
        name="mot-de-passe-oublie",
    ),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=MESSAGE_PAGE,
            extra_context={
                "title": "Consultez votre messagerie",
                "text": "Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé avec un "
                "lien pour choisir un nouveau mot de passe. Pensez à regarder dans les indésirables.",
            },
        ),
        name="mot-de-passe-envoye",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=FORM_PAGE,
            form_class=forms.NouveauMotDePasseForm,
            success_url=reverse_lazy("espace:mot-de-passe-reinitialise"),
            extra_context={"title": "Nouveau mot de passe", "submit": "Enregistrer le mot de passe"},
        ),
        name="mot-de-passe-nouveau",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=MESSAGE_PAGE,
            extra_context={
                "title": "Mot de passe enregistré",
                "text": "Votre nouveau mot de passe est enregistré : vous pouvez vous connecter.",
                "login_link": True,
            },
        ),
        name="mot-de-passe-reinitialise",
    ),
    path("organismes/", views.organismes, name="organismes"),
    path("organismes/rejoindre/", views.rejoindre, name="rejoindre"),
    path("organismes/<int:pk>/", views.organisme, name="organisme"),
    path("organismes/<int:pk>/inviter/", views.inviter, name="inviter"),
    path("organismes/<int:pk>/demandes/<int:membre_pk>/", views.decider_demande, name="decider-demande"),
    path("organismes/<int:pk>/membres/<int:membre_pk>/role/", views.changer_role, name="changer-role"),
    path("organismes/<int:pk>/membres/<int:membre_pk>/retirer/", views.retirer_membre, name="retirer-membre"),
    path("organismes/<int:pk>/quitter/", views.quitter, name="quitter"),
    path(
        "organismes/<int:pk>/invitations/<int:invitation_pk>/annuler/",
        views.annuler_invitation,
        name="annuler-invitation",
    ),
    path("organismes/<int:pk>/etablissements/", views.ajouter_etablissement, name="ajouter-etablissement"),
    path("organismes/<int:pk>/delegations/", views.ajouter_delegation, name="ajouter-delegation"),
    path(
        "organismes/<int:pk>/delegations/<int:delegation_pk>/supprimer/",
        views.supprimer_delegation,
        name="supprimer-delegation",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("adhesions/", views.adhesions, name="adhesions"),
    path("adhesions/<int:pk>/", views.decider_adhesion, name="decider-adhesion"),
]
