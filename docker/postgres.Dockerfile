# PostgreSQL with Debian's Swedish Hunspell dictionary in tsearch_data, so the migration can create the
# decompounding search configuration `lgl_swedish` (decisions/search.py). The official image is Debian-based.
FROM postgres:16
COPY scripts/pg_swedish_dictionary.sh /usr/local/bin/pg_swedish_dictionary.sh
RUN /usr/local/bin/pg_swedish_dictionary.sh && rm -rf /var/lib/apt/lists/*
