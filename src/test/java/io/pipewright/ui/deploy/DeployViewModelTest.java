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
}
