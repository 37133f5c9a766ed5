package io.pipewright.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Failures that are not the file's fault, as a person reads them: never a bare class name. */
class DatasetExceptionTest {

    @Test
    void aMissingClassIsNamedAsAMissingLibrary() {
        var missing = new NoClassDefFoundError("shaded/parquet/com/fasterxml/jackson/databind/ObjectMapper");

        assertThat(DatasetException.unexpected("sales.parquet", missing).getMessage()).isEqualTo("could not read sales.parquet: a library it "
                + "needs is missing from this installation or launch (class shaded.parquet.com.fasterxml.jackson.databind.ObjectMapper not found)");
        assertThat(DatasetException.unexpected("sales.parquet", missing).getCause()).isSameAs(missing);
    }

    @Test
    void wrappersAreSeenThrough() {
        var initializer = new ExceptionInInitializerError(new NoClassDefFoundError("a/b/C"));
        var pooled = new IllegalStateException(new NoClassDefFoundError("a/b/C"));

        assertThat(DatasetException.whatWentWrong(initializer)).endsWith("(class a.b.C not found)");
        assertThat(DatasetException.whatWentWrong(pooled)).endsWith("(class a.b.C not found)");
    }

    @Test
    void anEmptyOrOneWordMessageGetsItsKindAroundIt() {
        assertThat(DatasetException.whatWentWrong(new NullPointerException())).isEqualTo("an unexpected error (NullPointerException)");
        assertThat(DatasetException.whatWentWrong(new IllegalStateException("org.example.Thing")))
                .isEqualTo("an unexpected error (IllegalStateException: org.example.Thing)");
        assertThat(DatasetException.whatWentWrong(new IllegalStateException("the footer is cut short\nat offset 12")))
                .isEqualTo("the footer is cut short");
        assertThat(DatasetException.whatWentWrong(new OutOfMemoryError("Java heap space"))).startsWith("not enough memory");
    }
}
