"""Visitor hashes keyed by their first 60 bits as a bigint primary key.

The table is rebuilt: the hashes of the last 48 h are copied across, so a visitor who clicked
before the upgrade still counts as a repeat after it.
"""

from django.db import migrations, models

DIGEST_BITS_HEX = 15  # sharekits.tally.digest_key: the first 15 hex digits, 60 bits


def copy_digests(apps, schema_editor):
    Old = apps.get_model("sharekits", "SeenVisitor")
    New = apps.get_model("sharekits", "SeenVisitorKey")
    batch = []
    for digest, seen_at in Old.objects.values_list("digest", "seen_at").iterator(chunk_size=5000):
        try:
            key = int(digest[:DIGEST_BITS_HEX], 16)
        except ValueError:
            continue
        batch.append(New(digest=key, seen_at=seen_at))
        if len(batch) >= 5000:
            New.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    New.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("sharekits", "0005_tally_fillfactor"),
    ]

    operations = [
        migrations.CreateModel(
            name="SeenVisitorKey",
            fields=[
                ("digest", models.BigIntegerField(primary_key=True, serialize=False)),
                ("seen_at", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.RunPython(copy_digests, migrations.RunPython.noop),
        migrations.DeleteModel(name="SeenVisitor"),
        migrations.RenameModel(old_name="SeenVisitorKey", new_name="SeenVisitor"),
    ]
