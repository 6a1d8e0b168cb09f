"""Each shipment recorded before entries had lines becomes an entry with one line, losing nothing.

The line takes the shipment's goods: its first HTSUS number (the others, if any, stay on the line as
additional numbers), description, origin, quantity, value and currency, and the producer as the declared
manufacturer (name, address and the link to the foreign entity). The shipment keeps its columns as the
entry's header and summary, so reversing only removes the lines.
"""

from django.db import migrations

BATCH = 1000


def shipments_to_lines(apps, schema_editor):
    Shipment = apps.get_model("cases", "Shipment")
    EntryLine = apps.get_model("cases", "EntryLine")
    batch = []
    shipments = Shipment.objects.filter(lines__isnull=True).select_related("producer").order_by("pk")
    for shipment in shipments.iterator(chunk_size=BATCH):
        codes = list(shipment.hts_codes or [])
        producer = shipment.producer
        batch.append(EntryLine(
            shipment_id=shipment.pk, line_number=1, hts_code=codes[0] if codes else "",
            additional_hts_codes=codes[1:], description=shipment.description,
            country_of_origin=shipment.country_of_origin, quantity=shipment.quantity,
            quantity_unit=shipment.quantity_unit, value=shipment.value, currency=shipment.currency,
            manufacturer_name=producer.name if producer else "",
            manufacturer_address=producer.address if producer else "", producer_id=shipment.producer_id,
        ))
        if len(batch) >= BATCH:
            EntryLine.objects.bulk_create(batch)
            batch = []
    if batch:
        EntryLine.objects.bulk_create(batch)


def remove_lines(apps, schema_editor):
    apps.get_model("cases", "EntryLine").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_entry_lines")]

    operations = [migrations.RunPython(shipments_to_lines, remove_lines)]
