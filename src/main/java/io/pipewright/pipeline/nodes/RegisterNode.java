package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.Evaluation;
import io.pipewright.pipeline.ModelRegistration;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PortSpec;
import io.pipewright.pipeline.PortType;
import io.pipewright.track.ModelRegistry;
import io.pipewright.train.TrainedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Adds the model to the registry as a new version, with its metrics, optionally under an alias. */
final class RegisterNode extends BaseNode {
    RegisterNode() {
        super("register", "Deploy", "Registers the model as the next version of a named model (with the metrics given), and points an alias "
                        + "such as champion or challenger at it. The version can then be served or exported as name:version or name@alias.",
                List.of(PortSpec.required("model", PortType.MODEL, "the model to register"),
                        PortSpec.optional("metrics", PortType.METRICS, "its evaluation, stored with the version")),
                List.of(),
                List.of(ParamSpec.required("name", ParamSpec.Kind.STRING, "the registered model's name"),
                        ParamSpec.optional("alias", ParamSpec.Kind.STRING, null, "an alias to point at the new version")));
    }

    @Override
    public Optional<ModelRegistration> registersModel() {
        return Optional.of(new ModelRegistration("name", "alias"));
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        ModelRegistry.checkName((String) params.get("name"));
        ModelRegistry.checkAlias((String) params.get("alias"));
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        TrainedModel model = context.input("model");
        Evaluation evaluation = context.input("metrics");
        String version = context.environment().register(model, context.string("name"), context.string("alias"),
                evaluation == null ? Map.of() : evaluation.metrics(), context.nodeId());
        context.progress(1, "registered " + version);
        return Map.of();
    }
}
