package io.pipewright.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample pipelines as the application carries them: indexed, extracted with what they read, valid where they land. */
class SamplePipelinesExtractTest {
    private final SamplePipelines samples = SamplePipelines.bundled();

    @Test
    void theIndexListsEverySamplePipelineInSampleData() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("sample-data", SamplePipelines.FOLDER))) {
            var onDisk = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")).sorted().toList();
            assertThat(samples.list()).extracting(SamplePipeline::file).containsExactlyInAnyOrderElementsOf(onDisk);
        }
        assertThat(samples.list()).allSatisfy(sample -> {
            assertThat(sample.title()).isNotBlank();
            assertThat(sample.shows()).isNotBlank();
            assertThat(sample.description()).isNotBlank();
        });
    }

    @Test
    void everyIndexedPipelineExtractedIntoAnEmptyFolderValidates(@TempDir Path root) {
        var validator = new PipelineValidator(NodeCatalog.standard());
        for (SamplePipeline sample : samples.list()) {
            Path folder = root.resolve(sample.file().replace(".yaml", ""));
            Path copy = samples.extract(sample, folder);
            assertThat(copy).isEqualTo(folder.resolve("pipelines").resolve(sample.file()));
            PipelineDocument document = PipelineFiles.read(copy);
            assertThatCode(() -> validator.validate(document, copy.getParent(), sample.file())).as(sample.file()).doesNotThrowAnyException();
        }
    }

    @Test
    void whatAPipelineReadsComesFromItsFileParameters(@TempDir Path root) throws IOException {
        SamplePipeline validated = samples.list().stream().filter(sample -> sample.file().equals("credit-validated.yaml")).findFirst().orElseThrow();
        assertThat(samples.reads(validated)).containsExactly("credit/credit.csv", "credit/credit.suite.yaml");
        samples.extract(validated, root);
        assertThat(Files.mismatch(root.resolve("credit/credit.suite.yaml"), Path.of("sample-data/credit/credit.suite.yaml"))).isEqualTo(-1L);
        assertThat(Files.mismatch(root.resolve("pipelines/credit-validated.yaml"), Path.of("sample-data/pipelines/credit-validated.yaml")))
                .isEqualTo(-1L);
    }
}
