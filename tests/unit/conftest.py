from services.runtime.logging import configure_logging

# JSON lines, as the services log: the console renderer would pretty-print the
# locals of every frame of a logged traceback (slow, and megabytes of catalogue).
configure_logging("INFO", "json")
