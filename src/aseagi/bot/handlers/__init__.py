"""Update handlers, one module per command group; ``common`` holds what they share."""
