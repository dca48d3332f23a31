"""Settings of the subsidies app, with their defaults."""

from django.conf import settings

# How long a closed claim (paid, rejected, withdrawn) keeps its personal data, in days. Seven
# years matches the keeping of public financial records; set SUBSIDIES_RETENTION_DAYS to change it.
RETENTION_DAYS: int = getattr(settings, "SUBSIDIES_RETENTION_DAYS", 7 * 365)
