# The portal's production image: one image for web (gunicorn + whitenoise), the Celery worker and
# Celery beat. Two stages: the first installs the runtime set (requirements/base.txt, hashes
# required) into a virtualenv and builds the catalogues and static files; the second holds only
# that virtualenv, the code and what was built, and runs as a non-root user. Tests, benchmarks,
# documents and development tools never reach it (.dockerignore; tests/portal/test_image.py).
FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
# The placeholder secret and URLs exist only for these build steps (production settings refuse to
# start without real ones).
RUN SECRET_KEY=build-only-placeholder-secret-key-that-is-never-used-at-runtime-0123456789 \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    DJANGO_SETTINGS_MODULE=portal.settings.production STATIC_ROOT=/app/staticfiles \
    sh -c "/opt/venv/bin/python manage.py compilemessages -v 0 && /opt/venv/bin/python manage.py collectstatic --noinput -v 0"

FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=portal.settings.production STATIC_ROOT=/app/staticfiles
# WeasyPrint (events' certificates of participation) draws with Pango, in Noto CJK for Chinese names
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 1000 --home-dir /app portal && mkdir -p /data/media /data/private && chown -R portal /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
