"""Replace the stored plain invitation tokens by their SHA-256 digests (links keep working)."""

import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    Invitation = apps.get_model("organisations", "Invitation")
    for invitation in Invitation.objects.all():
        digest = hashlib.sha256(invitation.token.encode()).hexdigest()
        Invitation.objects.filter(pk=invitation.pk).update(token=digest)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
