"""Audit: tamper evidence over the event store, and readers that never use a read model."""
