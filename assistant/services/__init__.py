"""The application layer: the service container, chat intents and the session workflow that the CLI,
the chat and the Knowledge tab all call."""
