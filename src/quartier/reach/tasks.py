"""Background work of reach, run by the django-tasks worker (``quartier worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_contact_import(*, import_pk: int, actor_pk: int | None) -> None:
    """A long contact list, imported while the page shows the progress."""
    from quartier.accounts.models import User
    from quartier.reach.models import ContactImport, ImportStatus
    from quartier.reach.services.imports import contact_import_run

    contact_import = ContactImport.objects.select_related("organisation").get(pk=import_pk)
    if contact_import.status != ImportStatus.RUNNING:
        return
    actor = User.objects.filter(pk=actor_pk).first() if actor_pk else None
    contact_import_run(contact_import=contact_import, actor=actor)
