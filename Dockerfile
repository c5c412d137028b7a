# syntax=docker/dockerfile:1
# One image for every ASEAGI service; the service is chosen by the command (see docker-compose.yml):
#   api (default) · worker · bot · dashboards · db upgrade · backup DIR · restore DIR · token create …
# It holds Tesseract for OCR and, through the pgserver wheel, PostgreSQL 16's pg_dump/pg_restore for
# `aseagi backup`. It runs as an unprivileged user; everything it writes goes to /data.

# ---- build: dependencies first (a cached layer), then the package, into one virtual environment ----
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/aseagi
ENV PATH=/opt/aseagi/bin:$PATH
WORKDIR /src
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -c constraints.txt -r /tmp/requirements.txt
COPY README.md ./
COPY src ./src
RUN pip install -c constraints.txt . \
    && python -c "import aseagi, prometheus_client, pytesseract, pypdfium2; print('aseagi', aseagi.__version__)"

# ---- runtime ----
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/aseagi/bin:$PATH \
    ASEAGI_DATA_DIR=/data \
    ASEAGI_API_HOST=0.0.0.0 \
    ASEAGI_LOG_FORMAT=json
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --create-home --shell /usr/sbin/nologin aseagi \
    && mkdir -p -m 0700 /data \
    && chown aseagi:aseagi /data
COPY --from=build /opt/aseagi /opt/aseagi
USER aseagi
WORKDIR /home/aseagi
VOLUME ["/data"]
EXPOSE 8000 8501
# The API's check (a real database round-trip); compose gives the other services their own.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('ASEAGI_API_PORT', '8000')}/health\", timeout=4)"]
ENTRYPOINT ["aseagi"]
CMD ["api"]
