# Production image: web (gunicorn), worker and beat run from it with different commands (docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 LGL_VAR_DIR=/srv/lgl/var LGL_MEDIA_ROOT=/srv/lgl/media
# WeasyPrint needs pango; gettext compiles the English catalogue; DejaVu is the PDF font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 gettext fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
# Runtime lock only (hashes checked): no Playwright, pytest, ruff or mypy in production.
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN DJANGO_DEBUG=true python manage.py compilemessages --ignore=.venv -v0 \
    && DJANGO_DEBUG=true python manage.py collectstatic --noinput -v0
RUN useradd --system --home /srv/lgl lgl && mkdir -p /srv/lgl/var /srv/lgl/media && chown -R lgl /srv/lgl
USER lgl
EXPOSE 8000
CMD ["gunicorn", "lgl_portal.wsgi:application", "-c", "gunicorn.conf.py"]
