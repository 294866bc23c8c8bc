from django.db import models


class TypeRessource(models.TextChoices):
    ACTUALITE = "actualite", "Actualité"
    ETUDE = "etude", "Étude"
    TEXTE_JURIDIQUE = "texte_juridique", "Texte juridique"
    GUIDE = "guide", "Guide"
    VIDEO = "video", "Vidéo"
    EVENEMENT = "evenement", "Événement"


class TypeEvenement(models.TextChoices):
    WEBINAIRE = "webinaire", "Webinaire"
    REUNION_INFORMATION = "reunion_information", "Réunion d'information"
    FORUM_EMPLOI = "forum_emploi", "Forum emploi"
    PORTES_OUVERTES = "portes_ouvertes", "Portes ouvertes"
    AUTRE = "autre", "Autre événement"


class RessourceStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publiée"
    ARCHIVE = "archive", "Archivée"


class Public(models.TextChoices):
    TOUS = "tous", "Tous publics"
    JEUNES = "jeunes", "Jeunes"
    DEMANDEURS_EMPLOI = "demandeurs_emploi", "Demandeurs d'emploi"
    SALARIES = "salaries", "Salariés"
    PROFESSIONNELS = "professionnels", "Professionnels de l'EFOP"


class ElementStatus(models.TextChoices):
    A_EXAMINER = "a_examiner", "À examiner"
    ACCEPTE = "accepte", "Accepté"
    REJETE = "rejete", "Rejeté"


class AbonneStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente de confirmation"
    CONFIRME = "confirme", "Confirmé"
    DESABONNE = "desabonne", "Désabonné"
    EN_ERREUR = "en_erreur", "Adresse en erreur"


class LettreStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    EN_COURS = "en_cours", "Envoi en cours"
    ENVOYEE = "envoyee", "Envoyée"


class EnvoiStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ENVOYE = "envoye", "Envoyé"
    REJETE = "rejete", "Rejeté (adresse en erreur)"
    ERREUR = "erreur", "Erreur d'envoi"
