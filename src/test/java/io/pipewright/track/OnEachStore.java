package io.pipewright.track;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs once on the embedded H2 store and once on PostgreSQL, given a {@link TestStore}
 * parameter: a store of its own each time. The PostgreSQL run needs the server named by
 * {@code PIPEWRIGHT_TEST_POSTGRES_URL} (an administrator's URL, such as
 * {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres}; {@code .ci/run} starts one) and
 * is skipped without it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(TestStore.Both.class)
public @interface OnEachStore {
}
