"""Payload models, one module per producing service.

Rule for every module: no ID numbers, phone numbers, addresses, petition free text, health or
financial details. Events carry ids, codes, states and dates; a name travels only where a
subscriber's duty needs it, and the field's description says why.
"""
