"""What the services' field forms have in common, whatever they collect.

The XLSForm workbook KoboToolbox and ODK Central deploy (`xlsform`), reading
what those servers post back (`submissions`), and reading the CSV/XLSX files
people fill in (`sheets`). Intake (consultations) and monitoring (progress
reports) each keep their own questions, columns and refusals; nothing here
imports a service or does I/O.
"""
