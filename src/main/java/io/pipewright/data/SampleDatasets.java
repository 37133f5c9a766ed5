package io.pipewright.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
     * Copies the sample into {@code folder} (once; an existing copy of the same size is reused, so
     * a person's edits to a copy of another size are replaced by the pristine sample) and returns it.
     */
    public Path extract(SampleDataset sample, Path folder) {
        String resource = ROOT + sample.file();
        try (InputStream in = SampleDatasets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample " + sample.file() + " is missing from the application");
            }
            Files.createDirectories(folder);
            String name = Path.of(sample.file()).getFileName().toString();
            Path target = folder.resolve(name);
            Path temporary = Files.createTempFile(folder, name, ".part");
            try {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                if (Files.isRegularFile(target) && Files.size(target) == Files.size(temporary)) {
                    return target;
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy sample " + sample.file() + " to " + folder + ": " + e.getMessage(), e);
        }
    }
}
