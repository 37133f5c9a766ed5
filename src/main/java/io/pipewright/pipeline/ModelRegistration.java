package io.pipewright.pipeline;

/**
 * The parameters of a node type that registers its model input as a new version of a named model
 * ({@link NodeType#registersModel()}): a retraining points them at the monitored model and its
 * challenger alias, and a run's summary names the version registered.
 *
 * @param name the parameter naming the registered model
 * @param alias the parameter naming the alias the new version gets, or null when the node sets none
 */
public record ModelRegistration(String name, String alias) {
    public ModelRegistration {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a registration needs the parameter that names the model");
        }
    }
}
