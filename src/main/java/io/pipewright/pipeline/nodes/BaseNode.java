package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import java.util.List;

/** The fixed description of a node type; subclasses add what it does. */
abstract class BaseNode implements NodeType {
    private final String name;
    private final String stage;
    private final String description;
    private final List<PortSpec> inputs;
    private final List<PortSpec> outputs;
    private final List<ParamSpec> params;

    BaseNode(String name, String stage, String description, List<PortSpec> inputs, List<PortSpec> outputs, List<ParamSpec> params) {
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
}
