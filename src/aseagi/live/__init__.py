"""Live updates: one LISTEN connection per API process, fanned out to WebSocket clients."""
