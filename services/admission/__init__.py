"""What every service checks and cleans in a consultation before it keeps it.

Intake applies these rules to what consultants send; planning and reporting
apply them again to what they read from Kafka, so a record produced straight
to a topic is held to the same rules (redaction, dates) as one sent to the API.
"""
