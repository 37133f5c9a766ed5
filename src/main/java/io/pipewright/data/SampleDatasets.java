package io.pipewright.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The sample datasets bundled in the application, and their copies in the home folder. */
public final class SampleDatasets {
    private static final String ROOT = "/io/pipewright/samples/";

    private final List<SampleDataset> index;

    private SampleDatasets(List<SampleDataset> index) {
        this.index = List.copyOf(index);
    }

    public static SampleDatasets bundled() {
        try (InputStream in = SampleDatasets.class.getResourceAsStream(ROOT + "samples.json")) {
            if (in == null) {
                return new SampleDatasets(List.of());
            }
            var mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            return new SampleDatasets(mapper.readValue(in, new TypeReference<List<SampleDataset>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample index: " + e.getMessage(), e);
        }
    }

    public List<SampleDataset> list() {
        return index;
    }

    /**
     * Copies the sample into the samples folder {@code root}, at the place it has in sample-data
     * ({@code credit/credit.csv}, beside the files the sample pipelines read), and returns the copy;
     * see {@link SampleFiles#copy}.
     */
    public Path extract(SampleDataset sample, Path root) {
        return SampleFiles.copy(sample.file(), root);
    }
}
