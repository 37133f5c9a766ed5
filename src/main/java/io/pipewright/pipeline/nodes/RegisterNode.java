package io.pipewright.pipeline.nodes;

import io.pipewright.pipeline.Evaluation;
import io.pipewright.pipeline.ModelRegistration;
import io.pipewright.pipeline.NodeContext;
import io.pipewright.pipeline.ParamException;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.gate.GateSettings;
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
                        ParamSpec.optional("alias", ParamSpec.Kind.STRING, null, "an alias to point at the new version, only past the "
                                + "promotion gates (judged on the rows its metrics were computed on)"),
                        ParamSpec.optional("gates", ParamSpec.Kind.MAP, null, "the promotion gates' thresholds: min_lift (0), max_regression "
                                + "(0.01), max_latency_ratio (2.0), metric (accuracy or rmse)")));
    }

    @Override
    public Optional<ModelRegistration> registersModel() {
        return Optional.of(new ModelRegistration("name", "alias"));
    }

    @Override
    public void checkParams(Map<String, Object> params) {
        ModelRegistry.checkName((String) params.get("name"));
        ModelRegistry.checkAlias((String) params.get("alias"));
        gates(params.get("gates"));
    }

    @SuppressWarnings("unchecked")
    private static GateSettings gates(Object gates) {
        if (gates != null && !(gates instanceof Map)) {
            throw new ParamException("gates", "expected a map such as {metric: roc_auc, max_regression: 0.01}");
        }
        try {
            return GateSettings.fromMap((Map<String, ?>) gates);
        } catch (IllegalArgumentException e) {
            throw new ParamException("gates", e.getMessage());
        }
    }

    @Override
    public Map<String, Object> run(NodeContext context) {
        TrainedModel model = context.input("model");
        Evaluation evaluation = context.input("metrics");
        String alias = context.string("alias");
        var registered = context.environment().register(model, context.string("name"), alias, evaluation == null ? Map.of() : evaluation.metrics(),
                context.nodeId(), gates(context.params().get("gates")), evaluation == null ? null : evaluation.holdout());
        var promotion = registered.promotion();
        if (promotion != null && !promotion.moved()) {
            // the version stays registered; the run says, in one line, which gate refused the alias and why
            throw context.problem(null, promotion.summary(context.string("name"), alias) + " (promote anyway: pipewright models promote "
                    + context.string("name") + " " + registered.version().substring(registered.version().lastIndexOf(':') + 1) + " --alias " + alias
                    + " --force)");
        }
        context.progress(1, "registered " + registered.version() + (promotion == null ? "" : ", " + promotion.summary(context.string("name"), alias)));
        return Map.of();
    }
}
