package io.pipewright.cli;

import io.pipewright.data.DatabaseCredentials;
import io.pipewright.features.OnlineStore;
import io.pipewright.serve.FeatureLookup;
import io.pipewright.serve.Predictor;
import io.pipewright.serve.Scoring;
import picocli.CommandLine.Option;

/**
 * {@code --online} and {@code --online-credentials}: where the online feature store is, for the {@code features}
 * commands and for the servers ({@code serve}, {@code stream}) of a model trained through a {@code features} node.
 * A pod or a schedule names them by {@code $PIPEWRIGHT_ONLINE} and {@code $PIPEWRIGHT_ONLINE_CREDENTIALS} instead.
 */
final class OnlineStoreOptions {
    /** The variable naming the credentials of the online store when no option does. */
    static final String CREDENTIALS_VARIABLE = "PIPEWRIGHT_ONLINE_CREDENTIALS";

    @Option(names = "--online", paramLabel = "URL", description = "The online feature store: jdbc:postgresql://HOST[:PORT]/DATABASE (shared, "
            + "several processes at once) or jdbc:h2:… (default: $PIPEWRIGHT_ONLINE, else the embedded one in the home's data folder, one process "
            + "at a time).")
    String url;

    @Option(names = "--online-credentials", paramLabel = "NAME", description = "Log in to the online store as NAME (PIPEWRIGHT_DB_NAME_USER and "
            + "_PASSWORD, or NAME.user and NAME.password in the home's secrets.properties; default: $PIPEWRIGHT_ONLINE_CREDENTIALS).")
    String credentials;

    /** The store the options or the environment name (neither: the embedded one in the home's data folder). */
    OnlineStore open(PipewrightCommand root) {
        return OnlineStore.open(url(root), credentials != null ? credentials : root.environment().get(CREDENTIALS_VARIABLE), root.home().data(),
                new DatabaseCredentials(root.environment(), root.home().secretsFile()));
    }

    private String url(PipewrightCommand root) {
        return url != null ? url : root.environment().get(OnlineStore.ENVIRONMENT_VARIABLE);
    }

    /**
     * Attaches the online store to a server's scoring when the model reads feature views (a features node) or a store is
     * named; returns the line that says so, or null. A view the store does not hold stops the server before it starts.
     */
    String attach(Scoring scoring, Predictor predictor, PipewrightCommand root) {
        if (FeatureLookup.views(predictor.manifest()).isEmpty() && url(root) == null) {
            return null;
        }
        OnlineStore store = open(root);
        try {
            var lookup = FeatureLookup.of(store, predictor.manifest());
            scoring.features(lookup);
            return "features from the online store " + store.url() + (lookup.views().isEmpty() ? "" : " by entity key (views "
                    + String.join(", ", lookup.views()) + ")");
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
