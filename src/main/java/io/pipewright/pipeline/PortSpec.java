package io.pipewright.pipeline;

/** An input or output port of a node type. */
public record PortSpec(String name, PortType type, boolean optional, String description) {
    public static PortSpec required(String name, PortType type, String description) {
        return new PortSpec(name, type, false, description);
    }

    public static PortSpec optional(String name, PortType type, String description) {
        return new PortSpec(name, type, true, description);
    }
}
