package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle of a model trained through a features node: its pods read the features by entity key from the team's online
 * store, named by the options, with the login from a Secret; without one the bundle is refused, naming the option.
 */
class FeatureStoreBundleTest {
    private static final String ONLINE = "features: {online: 'jdbc:postgresql://features-db.data:5433/features?sslmode=require', "
            + "credentialsSecret: feature-store-login}\n";

    @TempDir
    Path dir;

    private List<ManifestChecks.Document> render(Exporter.Result result) {
        return new BundleExportTest() {
            {
                dir = FeatureStoreBundleTest.this.dir;
            }
        }.render(result, null);
    }

    private static Exporter.Result export(BundleOptions options) {
        var draft = Exporter.draft(ExportFixtures.featuresModel(), options, null);
        return Exporter.validate(draft, BundleValidator.Tools.fromPath(), () -> false);
    }

    private static JsonNode named(List<ManifestChecks.Document> documents, String kind, String name) {
        var matching = documents.stream().filter(document -> document.kind().equals(kind) && document.name().equals(name)).toList();
        assertThat(matching).as(kind + " " + name).hasSize(1);
        return matching.get(0).tree();
    }

    /** A container's environment: plain values as they are, a Secret's key as "secret NAME/KEY". */
    private static Map<String, String> environment(JsonNode container) {
        var environment = new HashMap<String, String>();
        container.path("env").forEach(variable -> environment.put(variable.path("name").asText(), variable.has("valueFrom")
                ? "secret " + variable.at("/valueFrom/secretKeyRef/name").asText() + "/" + variable.at("/valueFrom/secretKeyRef/key").asText()
                : variable.path("value").asText()));
        return environment;
    }

    private static List<String> egressPorts(JsonNode policy) {
        var ports = new ArrayList<String>();
        policy.at("/spec/egress").forEach(rule -> rule.path("ports").forEach(port -> ports.add(port.path("port").asText())));
        return ports;
    }

    @Test
    void withoutAnOnlineStoreTheBundleOfAFeaturesModelIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> Exporter.draft(ExportFixtures.featuresModel(), BundleOptions.defaults(), null)).hasMessage(
                "options: features.online: model churn reads feature view customer_stats by entity key: name the online store its servers share, "
                        + "like jdbc:postgresql://db:5432/features");
        // a model without a lookup step needs none
        assertThat(BundleOptions.defaults().problems(ExportFixtures.classifier().manifest())).isEmpty();
    }

    @Test
    void theServerAndTheStreamingScorerReadTheStoreWithTheLoginFromTheSecret() throws IOException {
        var result = export(BundleExportTest.options(ONLINE + "stream: {enabled: true, bootstrap: 'kafka:9092', in: visits, out: churn-scores}\n"));
        assertThat(result.validation().problems()).isEmpty();
        var documents = render(result);
        var expected = Map.of("PIPEWRIGHT_ONLINE", "jdbc:postgresql://features-db.data:5433/features?sslmode=require",
                "PIPEWRIGHT_ONLINE_CREDENTIALS", "online", "PIPEWRIGHT_DB_ONLINE_USER", "secret feature-store-login/user",
                "PIPEWRIGHT_DB_ONLINE_PASSWORD", "secret feature-store-login/password");
        for (String deployment : List.of("churn", "churn-stream")) {
            JsonNode container = named(documents, "Deployment", deployment).at("/spec/template/spec/containers/0");
            assertThat(environment(container)).as(deployment).containsAllEntriesOf(expected);
            assertThat(egressPorts(named(documents, "NetworkPolicy", deployment))).as(deployment + ": the store's port is reachable").contains("5433");
        }
        assertThat(egressPorts(named(documents, "NetworkPolicy", "churn"))).containsExactly("53", "53", "5433");

        String values = result.bundle().content("helm/churn/values.yaml");
        assertThat(values).contains("features:\n  views:\n    - customer_stats\n  online: jdbc:postgresql://features-db.data:5433/features?sslmode=require\n"
                + "  ports:\n    - 5433\n  credentialsSecret: feature-store-login\n");
        String readme = result.bundle().content("README.md");
        assertThat(readme).contains("| features by entity key | from the online store `jdbc:postgresql://features-db.data:5433/features?sslmode=require` "
                        + "(feature view customer_stats), login from Secret `feature-store-login` |",
                "## Features by entity key",
                "the server and the streaming scorer fill the rest from the store",
                "kubectl -n default create secret generic feature-store-login --from-literal=user=USER --from-literal=password=PASSWORD",
                "pipewright features materialize --view customer_stats.yaml --online 'jdbc:postgresql://features-db.data:5433/features?sslmode=require'\n"
                        + "docker run --rm -p 8080:8080 -e PIPEWRIGHT_ONLINE='jdbc:postgresql://features-db.data:5433/features?sslmode=require' "
                        + "-e PIPEWRIGHT_ONLINE_CREDENTIALS -e PIPEWRIGHT_DB_ONLINE_USER -e PIPEWRIGHT_DB_ONLINE_PASSWORD churn:2-");
    }

    @Test
    void aStoreWithoutALoginSetsTheUrlAloneAndAModelWithoutViewsIsLeftAsItWas() throws IOException {
        var result = export(BundleExportTest.options("features: {online: 'jdbc:postgresql://db/features'}\n"));
        assertThat(result.validation().problems()).isEmpty();
        var documents = render(result);
        var environment = environment(BundleExportTest.only(documents, "Deployment").at("/spec/template/spec/containers/0"));
        assertThat(environment).containsEntry("PIPEWRIGHT_ONLINE", "jdbc:postgresql://db/features").doesNotContainKeys("PIPEWRIGHT_ONLINE_CREDENTIALS",
                "PIPEWRIGHT_DB_ONLINE_USER");
        assertThat(egressPorts(BundleExportTest.only(documents, "NetworkPolicy"))).as("PostgreSQL's default port").containsExactly("53", "53", "5432");

        // a model without views may have a store too, for GET /v1/features: its README says only that
        var withoutViews = BundleExportTest.export(BundleExportTest.options("features: {online: 'jdbc:postgresql://db/features'}\n"));
        assertThat(withoutViews.bundle().content("README.md")).contains("The server answers `GET /v1/features/VIEW/ENTITY` from the online store "
                + "`jdbc:postgresql://db/features`").doesNotContain("A pod will not start until every view is materialized");

        var plain = BundleExportTest.export(BundleOptions.defaults());
        assertThat(plain.bundle().content("helm/credit-scoring/values.yaml")).doesNotContain("features:");
        assertThat(environment(BundleExportTest.only(render(plain), "Deployment").at("/spec/template/spec/containers/0")))
                .doesNotContainKey("PIPEWRIGHT_ONLINE");
    }

    @Test
    void eachMistakeInTheStoresOptionsIsOneLineNamingIt() throws IOException {
        Path file = dir.resolve("options.yaml");
        for (String[] mistake : List.of(
                new String[] {"features: {online: 'jdbc:h2:/data/online/features'}\n", "options.yaml: features.online: an embedded H2 store is one "
                        + "process's; the servers' replicas share a PostgreSQL one (jdbc:postgresql://HOST[:PORT]/DATABASE)"},
                new String[] {"features: {online: 'postgres://db/features'}\n",
                        "options.yaml: features.online: must be jdbc:postgresql://HOST[:PORT]/DATABASE, not 'postgres://db/features'"},
                new String[] {"features: {online: 'jdbc:postgresql://db:5432/features?user=app&password=hunter2'}\n", "options.yaml: features.online: "
                        + "holds a password, which would be written into values.yaml: put the login in a Secret named by features.credentialsSecret"},
                new String[] {"features: {online: 'jdbc:postgresql://app:hunter2@db:5432/features'}\n", "options.yaml: features.online: "
                        + "holds a password, which would be written into values.yaml: put the login in a Secret named by features.credentialsSecret"},
                new String[] {"features: {online: 'jdbc:postgresql://db/features?sslpassword=x'}\n", "options.yaml: features.online: "
                        + "holds a password, which would be written into values.yaml: put the login in a Secret named by features.credentialsSecret"},
                new String[] {"features: {online: \"jdbc:postgresql://db/features?options='x'\"}\n", "options.yaml: features.online: must not hold "
                        + "quotes, spaces, '\\', '`' or '$' (it is written into shell lines and YAML): 'jdbc:postgresql://db/features?options='x''"},
                new String[] {"features: {online: 'jdbc:postgresql://db:99999/features'}\n", "options.yaml: features.online: names a port that is "
                        + "not a number from 1 to 65535: 'jdbc:postgresql://db:99999/features'"},
                new String[] {"features: {online: 'jdbc:postgresql://db/features', credentialsSecret: 'Store Login'}\n", "options.yaml: "
                        + "features.credentialsSecret: must be a Secret's name (lower-case letters, digits, '-' and '.'), not 'Store Login'"},
                new String[] {"features: {credentialsSecret: store-login}\n",
                        "options.yaml: features.credentialsSecret: goes with features.online (the store it logs in to)"})) {
            Files.writeString(file, mistake[0]);
            assertThatThrownBy(() -> BundleOptions.read(file)).as(mistake[0]).hasMessage(mistake[1]);
        }
    }
}
