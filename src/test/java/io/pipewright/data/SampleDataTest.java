package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {

    @Test
    void theGeneratorReproducesTheCommittedFilesExactly(@TempDir Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process generator = new ProcessBuilder(java, "sample-data/SampleDataGenerator.java", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(generator.getInputStream().readAllBytes());
        assertThat(generator.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(generator.exitValue()).as(output).isZero();

        for (String file : new String[] {"samples.json", "credit/credit.csv", "credit/incoming/credit-2027-11.csv", "credit/traffic/credit-2027-12.csv", "machine-health/machine-health.csv", "housing/housing.csv"}) {
            assertThat(Files.mismatch(out.resolve(file), Path.of("sample-data", file))).as(file).isEqualTo(-1L);
        }
    }

    @Test
    void theIndexMatchesTheBundledFiles(@TempDir Path home) {
        SampleDatasets samples = SampleDatasets.bundled();
        assertThat(samples.list()).extracting(SampleDataset::task)
                .containsExactly("binary classification", "multiclass classification", "regression");
        for (SampleDataset sample : samples.list()) {
            Path copy = samples.extract(sample, home);
            assertThat(copy).as("the copy keeps sample-data's layout, where the sample pipelines look for it").isEqualTo(home.resolve(sample.file()));
            DatasetSummary summary = DatasetSummary.read(DatasetReader.open(copy), Progress.NONE);
            assertThat(summary.rows()).as(sample.file()).hasValue(sample.rows());
            assertThat(summary.columns()).as(sample.file()).hasValue(sample.columns());
            assertThat(samples.extract(sample, home)).as("extracting twice reuses the copy").isEqualTo(copy);
        }
    }

    @Test
    void theCreditSampleHasMissingValuesAndCategories() throws Exception {
        var lines = Files.readAllLines(Path.of("sample-data/credit/credit.csv"));
        long missingIncome = lines.stream().skip(1).filter(line -> line.split(",", -1)[2].isEmpty()).count();
        assertThat(missingIncome).isBetween(50L, 120L);
        assertThat(lines.stream().skip(1).map(line -> line.split(",", -1)[5]).distinct()).containsExactlyInAnyOrder("rent", "mortgage", "own");
    }
}
