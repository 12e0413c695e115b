"""Chat models: the provider registry, the one stream reader, resilience (fault classes, retries,
Retry-After), the embedded local llama.cpp server and the prompt loader."""
