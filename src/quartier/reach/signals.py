"""Signals other apps listen to without reach depending on them."""

from django.dispatch import Signal

# Sent at the end of an erasure, after every linked row has been scrubbed; the search
# index rebuilds the organisation so no copy of the scrubbed text remains there.
contact_erased = Signal()  # arguments: contact
