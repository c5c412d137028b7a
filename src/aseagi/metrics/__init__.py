"""Operations metrics: ``GET /metrics`` in Prometheus text format (documents, queue, rate, latency)."""
