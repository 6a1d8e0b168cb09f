# Merge migration: the Finding named on decisions and the queue filter indexes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0032_decision_names_finding'),
        ('cases', '0032_queue_filter_indexes'),
    ]

    operations = [
    ]
