package io.pipewright.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.export.BundleValidator;
import io.pipewright.export.ExportFixtures;
import io.pipewright.ui.common.Notifications;
import io.pipewright.ui.common.SameThreadTaskExecutor;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Deploy workspace's state without a window: an artifact chosen, the form checked, the bundle validated and exported. */
class DeployViewModelTest {
    @TempDir
    Path dir;

    @Test
    void anArtifactIsPreviewedCheckedAndExported() {
        var notifications = new Notifications();
        var model = new DeployViewModel(new SameThreadTaskExecutor(), Optional::empty, notifications, BundleValidator.Tools.fromPath());
        model.addArtifact(ExportFixtures.classifierArtifact());
        assertThat(model.nameProperty().get()).isEqualTo("credit-scoring");
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.files()).extracting(entry -> entry.path()).contains("README.md", "helm/credit-scoring/values.yaml");

        model.strategyProperty().set("shadow");
        model.preview();
        assertThat(model.problems()).extracting(Object::toString).singleElement().asString().startsWith("rollout.baselineTag: the image tag");
        assertThat(model.exportableProperty().get()).isFalse();
        model.baselineTagProperty().set("2-abc");
        model.preview();
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.files()).extracting(entry -> entry.path()).contains("helm/credit-scoring/templates/virtualservice.yaml");

        model.export(dir, true);
        assertThat(model.writtenProperty().get()).isEqualTo(dir.resolve("credit-scoring-bundle.zip")).exists();
        assertThat(notifications.latestProperty().get().text()).isEqualTo("Exported the deployment bundle to " + dir.resolve("credit-scoring-bundle.zip"));
        model.export(dir, false);
        assertThat(dir.resolve("credit-scoring-bundle/helm/credit-scoring/values.yaml")).content().contains("strategy: shadow", "imageTag: 2-abc");
    }

    /**
     * Validation runs in the background while the person goes on typing: a preview of the bundle shown or in flight is not
     * run again (measuring fills in the name, and the view previews once more a moment later), and a preview that ends after
     * the form became invalid does not enable Export.
     */
    @Test
    void aPreviewOfTheSameFormIsNotRunAgainAndAStaleOneDoesNotEnableExport() {
        var held = new HeldTaskExecutor();
        var model = new DeployViewModel(held, Optional::empty, new Notifications(), new BundleValidator.Tools(null, null));
        model.addArtifact(ExportFixtures.classifierArtifact());
        held.runAll(); // measured, then the bundle validated
        assertThat(model.exportableProperty().get()).isTrue();
        String ready = model.messageProperty().get();
        assertThat(ready).endsWith("ready to export");
        assertThat(held.started()).filteredOn(title -> title.startsWith("Validating")).hasSize(1);
        String replicas = model.replicasProperty().get();

        model.preview(); // the form as it is: the bundle shown is of it
        assertThat(held.pending()).isZero();
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo(ready);

        model.replicasProperty().set("3");
        model.preview();
        model.preview(); // the same form again while its preview runs
        assertThat(held.pending()).isEqualTo(1);
        assertThat(model.exportableProperty().get()).isFalse();
        model.replicasProperty().set("three");
        model.preview();
        held.runAll(); // the preview of replicas 3 ends after the form turned invalid
        assertThat(model.exportableProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("Fix the options marked in the form: replicas:");

        model.replicasProperty().set(replicas);
        model.preview(); // back to the form of the bundle shown
        assertThat(held.pending()).isZero();
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo(ready);
        model.replicasProperty().set("3");
        model.preview();
        held.runAll();
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.files().stream().filter(entry -> entry.path().equals("helm/credit-scoring/values.yaml")).findFirst().orElseThrow().content())
                .contains("replicaCount: 3");
    }

    /** Holds each task until the test runs it, as a background thread would finish it later. */
    private static final class HeldTaskExecutor implements io.pipewright.ui.common.TaskExecutor {
        private final java.util.ArrayDeque<io.pipewright.ui.common.BackgroundTask<?>> held = new java.util.ArrayDeque<>();
        private final io.pipewright.ui.common.TaskExecutor now = new SameThreadTaskExecutor();
        private final java.util.List<String> started = new java.util.ArrayList<>();

        @Override
        public <T> TaskHandle execute(io.pipewright.ui.common.BackgroundTask<T> task) {
            held.add(task);
            started.add(task.title());
            return () -> { }; // as a background task that is already past its last check
        }

        void runAll() {
            while (!held.isEmpty()) {
                now.execute(held.poll());
            }
        }

        int pending() {
            return held.size();
        }

        java.util.List<String> started() {
            return started;
        }

        @Override
        public javafx.collections.ObservableList<io.pipewright.ui.common.RunningTask> runningTasks() {
            return now.runningTasks();
        }

        @Override
        public void shutdown() {
        }
    }

    @Test
    void aModelTrainedThroughAFeaturesNodeAsksForTheOnlineStoreItsServersShare() {
        var model = new DeployViewModel(new SameThreadTaskExecutor(), Optional::empty, new Notifications(), new BundleValidator.Tools(null, null));
        model.addArtifact(ExportFixtures.featuresModel().artifact());
        assertThat(model.problems()).extracting(Object::toString).containsExactly("features.online: model churn reads feature view customer_stats "
                + "by entity key: name the online store its servers share, like jdbc:postgresql://db:5432/features");
        assertThat(model.messageProperty().get()).startsWith("Fix the options marked in the form: features.online:");
        assertThat(model.exportableProperty().get()).isFalse();

        model.featuresOnlineProperty().set("jdbc:h2:/srv/features");
        model.preview();
        assertThat(model.problems()).extracting(Object::toString).singleElement().asString().startsWith("features.online: an embedded H2 store");
        model.featuresOnlineProperty().set("jdbc:postgresql://features-db:5432/features");
        model.featuresSecretProperty().set("feature-store-login");
        model.preview();
        assertThat(model.problems()).isEmpty();
        assertThat(model.exportableProperty().get()).isTrue();
        String values = model.files().stream().filter(entry -> entry.path().equals("helm/churn/values.yaml")).findFirst().orElseThrow().content();
        assertThat(values).contains("online: jdbc:postgresql://features-db:5432/features", "credentialsSecret: feature-store-login");
    }

    @Test
    void theStreamingModeAndTheGrpcPortAreOfferedCheckedAndPreviewed() {
        var model = new DeployViewModel(new SameThreadTaskExecutor(), Optional::empty, new Notifications(), new BundleValidator.Tools(null, null));
        model.addArtifact(ExportFixtures.classifierArtifact());
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.files()).extracting(entry -> entry.path()).doesNotContain("runbooks/streaming.md");

        // streaming on: the brokers and topics are needed, each named by its option
        model.streamProperty().set(true);
        model.preview();
        assertThat(model.problems()).extracting(Object::toString).containsExactly(
                "stream.bootstrap: the streaming mode needs the Kafka brokers to start from, like kafka.example.com:9092",
                "stream.in: the streaming mode needs the input topic", "stream.out: the streaming mode needs the output topic");
        assertThat(model.messageProperty().get()).startsWith("Fix the options marked in the form: stream.bootstrap:");
        assertThat(model.exportableProperty().get()).isFalse();
        model.streamBootstrapProperty().set("kafka:9092");
        model.streamInProperty().set("loans");
        model.streamOutProperty().set("loan-scores");
        model.streamMaxReplicasProperty().set("many");
        model.preview();
        assertThat(model.problems()).extracting(Object::toString).containsExactly("stream.maxReplicas: must be a whole number, not 'many'");
        model.streamMaxReplicasProperty().set("4");

        // gRPC on: the port must not be the HTTP one
        model.grpcProperty().set(true);
        model.grpcPortProperty().set("8080");
        model.preview();
        assertThat(model.problems()).extracting(Object::toString).containsExactly("grpc.port: must differ from the HTTP port 8080");
        model.grpcPortProperty().set("9001");
        model.preview();
        assertThat(model.problems()).isEmpty();
        assertThat(model.exportableProperty().get()).isTrue();
        assertThat(model.files()).extracting(entry -> entry.path()).contains("runbooks/streaming.md", "helm/credit-scoring/templates/stream.yaml");
        String values = model.files().stream().filter(entry -> entry.path().equals("helm/credit-scoring/values.yaml")).findFirst().orElseThrow().content();
        assertThat(values).contains("grpc:\n  enabled: true\n  port: 9001", "bootstrap: kafka:9092", "in: loans", "out: loan-scores", "maxReplicas: 4");
        assertThat(model.checks()).filteredOn(check -> check.name().equals("alert rules")).singleElement()
                .satisfies(check -> assertThat(check.summary()).contains("6 alerts", "streaming scorer"));
    }
}
