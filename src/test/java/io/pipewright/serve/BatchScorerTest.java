package io.pipewright.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipewright.data.DatasetReader;
import io.pipewright.data.TableLoader;
import io.pipewright.train.ModelArtifact;
import io.pipewright.train.ModelArtifactTest;
import io.pipewright.train.Trainer;
import io.pipewright.train.TrainingListener;
import io.pipewright.work.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class BatchScorerTest {
    @TempDir
    Path dir;

    private Predictor predictor() {
        var model = Trainer.fit(ModelArtifactTest.table(300, 1), null, new Trainer.Request("label", "random_forest", Map.of(), null, List.of(), 5, "abc",
                List.of(), null), TrainingListener.NONE);
        Path file = dir.resolve("m" + ModelArtifact.EXTENSION);
        ModelArtifact.write(model, "m", Map.of(), "test", file);
        return new Predictor("m", "1", ModelArtifact.read(file));
    }

    @Test
    void scoredRowsEqualInProcessPredictionsRowForRow() throws Exception {
        var predictor = predictor();
        Table rows = ModelArtifactTest.table(20_000, 7).removeColumns("label");
        Path input = dir.resolve("rows.csv");
        rows.write().csv(input.toFile());
        Path output = dir.resolve("scored.csv");
        var summary = new BatchScorer(predictor).score(input, output, BatchScorer.Format.CSV, Progress.NONE);
        assertThat(summary.rows()).isEqualTo(20_000);

        // in process, on the same file as a whole table
        Table whole = TableLoader.load(DatasetReader.open(input));
        double[][] expected = predictor.model().probabilities(whole);
        Table scored = TableLoader.load(DatasetReader.open(output));
        assertThat(scored.columnNames()).containsExactly("x", "colour", "prediction", "p_no", "p_yes");
        var lines = Files.readAllLines(output);
        for (int r = 0; r < whole.rowCount(); r++) {
            assertThat(scored.doubleColumn("p_yes").get(r)).as("row %d", r).isCloseTo(expected[r][1], org.assertj.core.data.Offset.offset(1e-12));
            assertThat(lines.get(r + 1).split(",")[2]).as("row %d", r).isEqualTo(expected[r][1] > expected[r][0] ? "yes" : "no");
        }
        assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".part"));

        Path jsonl = dir.resolve("scored.jsonl");
        new BatchScorer(predictor).score(input, jsonl, BatchScorer.Format.JSONL, Progress.NONE);
        var jsonLines = Files.readAllLines(jsonl);
        assertThat(jsonLines).hasSize(20_000);
        var first = new ObjectMapper().readTree(jsonLines.get(0));
        assertThat(first.path("p_yes").asDouble()).isCloseTo(expected[0][1], org.assertj.core.data.Offset.offset(1e-12));

        Path parquet = dir.resolve("scored.parquet");
        new BatchScorer(predictor).score(input, parquet, BatchScorer.Format.PARQUET, Progress.NONE);
        Table fromParquet = TableLoader.load(DatasetReader.open(parquet));
        assertThat(fromParquet.columnNames()).containsExactly("x", "colour", "prediction", "p_no", "p_yes");
        assertThat(fromParquet.rowCount()).isEqualTo(20_000);
        assertThat(fromParquet.column("x")).as("a numeric feature is a double column").isInstanceOf(tech.tablesaw.api.DoubleColumn.class);
        for (int r = 0; r < whole.rowCount(); r += 97) {
            assertThat(fromParquet.doubleColumn("p_yes").get(r)).as("row %d", r).isEqualTo(expected[r][1]);
            boolean yes = expected[r][1] > expected[r][0]; // reading infers yes/no texts as booleans
            assertThat(fromParquet.column("prediction").getString(r)).as("row %d", r).isIn(yes ? List.of("yes", "true") : List.of("no", "false"));
        }
    }

    @Test
    void anInputWithoutAFeatureIsRefusedAndNoOutputIsLeft() throws Exception {
        var predictor = predictor();
        Path input = Files.writeString(dir.resolve("partial.csv"), "x\n1.0\n2.0\n");
        Path output = dir.resolve("out.csv");
        assertThatThrownBy(() -> new BatchScorer(predictor).score(input, output, BatchScorer.Format.CSV, Progress.NONE))
                .hasMessage("partial.csv: missing feature colour");
        assertThat(output).doesNotExist();
    }

    @Test
    void scoresIntoANamedPipeWithoutReplacingIt() throws Exception {
        var predictor = predictor();
        Path input = dir.resolve("rows.csv");
        ModelArtifactTest.table(100, 7).removeColumns("label").write().csv(input.toFile());
        Path fifo = dir.resolve("scored.pipe");
        var read = io.pipewright.NamedPipes.readAll(fifo);

        var summary = new BatchScorer(predictor).score(input, fifo, BatchScorer.Format.CSV, Progress.NONE);

        assertThat(summary.rows()).isEqualTo(100);
        assertThat(read.get(30, java.util.concurrent.TimeUnit.SECONDS).lines()).hasSize(101).first().isEqualTo("x,colour,prediction,p_no,p_yes");
        assertThat(Files.isRegularFile(fifo)).as("still a pipe").isFalse();
    }
}
