"""csassess: an exam and assessment engine for vocational customer-service qualifications."""

__version__ = "0.1.0"
