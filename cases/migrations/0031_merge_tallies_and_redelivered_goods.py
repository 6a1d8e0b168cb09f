# Merge migration: the open-work tallies and the release of redelivered goods.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0030_redelivered_goods_released'),
        ('cases', '0030_work_tallies'),
    ]

    operations = [
    ]
