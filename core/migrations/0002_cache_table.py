"""The table of Django's database cache (CACHES["default"] when REDIS_URL is not set), made by migrate so that
nobody has to remember `createcachetable`. Made whatever the settings say, so that unsetting REDIS_URL later
finds it there."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "ocop_cache"  # ocop.settings CACHES["default"]["LOCATION"]


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_rate_counts")]
    operations = [migrations.RunPython(create, drop)]
