package io.pipewright.track;

/** One column of a dataset version's schema: its name and type, in the file's column order. */
public record SchemaColumn(String name, String type) {
}
