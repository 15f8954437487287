package dev.edgevm.embedded.internal.export;

/** Where clients reach exported volumes: the base of the export links, e.g. {@code https://127.0.0.1:40125}. */
public record ExportEndpoint(String baseUrl) {
}
