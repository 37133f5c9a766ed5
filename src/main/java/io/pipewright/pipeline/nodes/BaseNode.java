package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import java.util.List;

/**
 * The fixed description of a node type (name, stage, description, ports, parameters); subclasses add
 * what it does and override the capabilities of {@link NodeType} that apply to them.
 */
public abstract class BaseNode implements NodeType {
    private final String name;
    private final String stage;
    private final String description;
    private final List<PortSpec> inputs;
    private final List<PortSpec> outputs;
    private final List<ParamSpec> params;

    protected BaseNode(String name, String stage, String description, List<PortSpec> inputs, List<PortSpec> outputs, List<ParamSpec> params) {
        this.name = name;
        this.stage = stage;
        this.description = description;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.params = List.copyOf(params);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String stage() {
        return stage;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<PortSpec> inputs() {
        return inputs;
    }

    @Override
    public List<PortSpec> outputs() {
        return outputs;
    }

    @Override
    public List<ParamSpec> params() {
        return params;
    }

    /** The file a PATH parameter names, relative to the pipeline file's folder. */
    protected static java.nio.file.Path file(java.util.Map<String, Object> params, String param, java.nio.file.Path folder) {
        java.nio.file.Path path = java.nio.file.Path.of((String) params.get(param));
        return path.isAbsolute() ? path : folder.resolve(path).normalize();
    }

    /** A column-list parameter's names (checked parameters hold lists of strings); empty when not set. */
    protected static java.util.List<String> names(java.util.Map<String, Object> params, String param) {
        return params.get(param) instanceof java.util.List<?> list ? list.stream().map(String::valueOf).toList() : java.util.List.of();
    }

    /** A parameter's text, or null. */
    protected static String text(java.util.Map<String, Object> params, String param) {
        return params.get(param) instanceof String value ? value : null;
    }

    /** A cache salt for a file a node reads: its path, size and modification time, so a changed file is read again. */
    protected static String fileSalt(java.nio.file.Path file) {
        return io.pipewright.pipeline.DatasetParams.stamp(file);
    }
}
