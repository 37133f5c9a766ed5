package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in an ARFF file is named with the file and the line, in the header as in the data. */
class ArffSourceTest {
    @TempDir
    Path dir;

    private String failure(String name, String text) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        Throwable thrown = catchThrowable(() -> {
            try (RecordSource source = DatasetReader.open(file).source()) {
                while (source.next() != null) {
                    // read to the end
                }
            }
        });
        assertThat(thrown).isInstanceOf(DatasetException.class);
        return thrown.getMessage();
    }

    @Test
    void anUnclosedQuoteInAnAttributeNamesTheFileAndLine() throws Exception {
        assertThat(failure("weather.arff", "@relation weather\n% a comment\n@attribute 'outlook {sunny, rainy}\n@data\nsunny\n"))
                .isEqualTo("weather.arff: line 3: a quoted value is never closed");
        assertThat(failure("names.arff", "@relation r\n@attribute \"a b numeric\n@data\n1\n"))
                .isEqualTo("names.arff: line 2: a quoted value is never closed");
    }

    @Test
    void anUnclosedQuoteInTheDataNamesTheFileAndLine() throws Exception {
        assertThat(failure("data.arff", "@relation r\n@attribute a string\n@attribute b numeric\n@data\n'x',1\n'y,2\n"))
                .isEqualTo("data.arff: line 6: a quoted value is never closed");
    }

    @Test
    void quotedNamesAndValuesStillRead() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.arff"), "@relation r\n@attribute 'a b' numeric\n@attribute \"c\" string\n@data\n1,'x, y'\n");
        try (RecordSource source = DatasetReader.open(file).source()) {
            assertThat(source.columns()).containsExactly("a b", "c");
        }
    }
}
