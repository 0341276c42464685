"""The report to the funder: the ESF / ESF+ common indicators for participants, counted exactly from
the records (private: no suppression, never written under release/ nor read by the site)."""
